#pragma once
// A cgroup of the test's own with a CPU quota, made in whichever hierarchy holds
// the cpu controller on this host: cgroup v2 where `cpu` is or can be enabled,
// else the v1 `cpu` hierarchy (hybrid hosts). Only processes started through
// Wrap() enter it; nothing else is moved. The destructor removes it (after its
// processes are gone) and turns `cpu` off again where this class turned it on.

#include <string>
#include <vector>

namespace tend::test {

class QuotaCgroup {
 public:
  QuotaCgroup();
  ~QuotaCgroup();
  QuotaCgroup(const QuotaCgroup&) = delete;
  QuotaCgroup& operator=(const QuotaCgroup&) = delete;

  // Why no cgroup could be made here (no such hierarchy, not permitted); "" when made.
  const std::string& unavailable() const { return unavailable_; }
  // A setup step that should have worked did not (the test fails with it); "" when fine.
  const std::string& error() const { return error_; }
  const std::string& dir() const { return dir_; }
  // Our cgroup's path as /proc/<pid>/cgroup shows it (the v2 or the v1 cpu line).
  const std::string& path() const { return path_; }
  bool v2() const { return v2_; }

  // CPU time per period, both in microseconds ("100000 100000" is one CPU). "" or why not.
  std::string SetQuota(long quota_us, long period_us) const;
  // argv run by `sh`, which first writes its own pid to our cgroup.procs, then execs.
  std::vector<std::string> Wrap(const std::vector<std::string>& argv) const;

 private:
  // `top`: the hierarchy's mount point, showing the cgroup `top_path`; `own`: ours.
  void MakeInV2(const std::string& top, const std::string& own_dir, const std::string& own,
                const std::string& top_path);
  void MakeChild(const std::string& parent, const std::string& parent_path);

  std::string unavailable_;
  std::string error_;
  std::string dir_;
  std::string path_;
  std::string enabled_cpu_in_;  // subtree_control we wrote "+cpu" to
  bool v2_ = false;
};

}  // namespace tend::test

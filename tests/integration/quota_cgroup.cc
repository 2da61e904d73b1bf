#include "tests/integration/quota_cgroup.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/cgroup_mounts.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

bool HasWord(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    if (w == word) return true;
  }
  return false;
}

// 0, or the errno of opening or writing (a cgroup file reports errors on write).
int WriteCgroupFile(const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream out(path);
  if (!out) return errno != 0 ? errno : EIO;
  out << text << std::flush;
  if (!out) return errno != 0 ? errno : EIO;
  out.close();
  return out ? 0 : (errno != 0 ? errno : EIO);
}

// Denied by the host rather than broken: not root, read-only, or a busy top cgroup.
bool IsUnavailable(int err) {
  return err == EACCES || err == EPERM || err == EROFS || err == EBUSY;
}

// Our cgroup paths as /proc/self/cgroup shows them: the v2 one and the v1 `cpu` one.
std::pair<std::string, std::string> OwnCgroupPaths() {
  std::string v2, v1_cpu;
  for (const auto& line : ReadFileLines("/proc/self/cgroup")) {
    const size_t a = line.find(':');
    const size_t b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = "," + line.substr(a + 1, b - a - 1) + ",";
    if (line.rfind("0::", 0) == 0) v2 = line.substr(b + 1);
    if (controllers.find(",cpu,") != std::string::npos) v1_cpu = line.substr(b + 1);
  }
  return {v2, v1_cpu};
}

// The directory of cgroup `shown` under a mount whose top is the cgroup `root`.
std::string DirOf(const CgroupMount& m, const std::string& shown) {
  std::string rel = shown;
  if (m.root != "/" && rel.rfind(m.root, 0) == 0) rel = rel.substr(m.root.size());
  return m.mount_point + (rel == "/" ? "" : rel);
}

}  // namespace

QuotaCgroup::QuotaCgroup() {
  const CgroupCpuMounts mounts = FindCgroupCpuMounts("/proc/self/mountinfo");
  const auto [own_v2, own_v1] = OwnCgroupPaths();
  std::string why_not_v2 = "no cgroup v2 hierarchy is mounted";
  if (!mounts.v2.mount_point.empty() && !own_v2.empty()) {
    MakeInV2(mounts.v2.mount_point, DirOf(mounts.v2, own_v2), own_v2, mounts.v2.root);
    if (!dir_.empty() || !error_.empty()) return;
    why_not_v2 = unavailable_;
  }
  if (mounts.v1_cpu.mount_point.empty() || own_v1.empty()) {
    unavailable_ = why_not_v2 + ", and no cgroup v1 hierarchy holds the cpu controller";
    return;
  }
  unavailable_.clear();
  v2_ = false;
  MakeChild(DirOf(mounts.v1_cpu, own_v1), own_v1);
  if (!unavailable_.empty()) unavailable_ = why_not_v2 + "; " + unavailable_;
}

void QuotaCgroup::MakeInV2(const std::string& top, const std::string& own_dir,
                           const std::string& own, const std::string& top_path) {
  v2_ = true;
  if (HasWord(ReadWholeFile(own_dir + "/cgroup.subtree_control"), "cpu")) {
    return MakeChild(own_dir, own);
  }
  // Turning `cpu` on for our own cgroup's children would need it to hold no
  // process (we are in it), so the child goes under the top, which is exempt.
  const std::string controllers = ReadWholeFile(top + "/cgroup.controllers");
  if (!HasWord(controllers, "cpu")) {
    unavailable_ = "cgroup v2 at " + top + " offers no cpu controller (cgroup.controllers: \"" +
                   controllers.substr(0, controllers.find('\n')) +
                   "\"; it is bound to a v1 hierarchy or disabled)";
    return;
  }
  const std::string subtree = top + "/cgroup.subtree_control";
  if (!HasWord(ReadWholeFile(subtree), "cpu")) {
    if (int err = WriteCgroupFile(subtree, "+cpu"); err != 0) {
      (IsUnavailable(err) ? unavailable_ : error_) =
          "cannot enable cpu in " + subtree + ": " + std::strerror(err);
      return;
    }
    enabled_cpu_in_ = subtree;
  }
  MakeChild(top, top_path);
}

void QuotaCgroup::MakeChild(const std::string& parent, const std::string& parent_path) {
  const std::string name = "tend-quota-test-" + std::to_string(::getpid());
  const std::string dir = parent + "/" + name;
  if (::mkdir(dir.c_str(), 0755) != 0) {
    const int err = errno;
    (IsUnavailable(err) ? unavailable_ : error_) =
        "cannot create the cgroup " + dir + ": " + std::strerror(err);
    return;
  }
  dir_ = dir;
  path_ = (parent_path == "/" ? "" : parent_path) + "/" + name;
}

std::string QuotaCgroup::SetQuota(long quota_us, long period_us) const {
  const auto write = [this](const std::string& file, const std::string& text) -> std::string {
    const int err = WriteCgroupFile(dir_ + "/" + file, text);
    return err == 0 ? "" : "writing \"" + text + "\" to " + file + ": " + std::strerror(err);
  };
  if (v2_) return write("cpu.max", std::to_string(quota_us) + " " + std::to_string(period_us));
  std::string e = write("cpu.cfs_period_us", std::to_string(period_us));
  return e.empty() ? write("cpu.cfs_quota_us", std::to_string(quota_us)) : e;
}

std::vector<std::string> QuotaCgroup::Wrap(const std::vector<std::string>& argv) const {
  std::vector<std::string> out{"/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"",
                               dir_ + "/cgroup.procs"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

QuotaCgroup::~QuotaCgroup() {
  if (dir_.empty()) return;
  const auto removed = [this] { return ::rmdir(dir_.c_str()) == 0 || errno == ENOENT; };
  if (!WaitFor(removed, std::chrono::seconds(10))) {
    // Only Wrap() puts processes here, so whatever is left is ours to end.
    const auto left = ReadFileLines(dir_ + "/cgroup.procs");
    ADD_FAILURE() << dir_ << " still holds " << left.size() << " process(es) after the test";
    for (const auto& pid : left)
      ::kill(static_cast<pid_t>(std::stol(pid)), SIGKILL);
    if (!WaitFor(removed, std::chrono::seconds(10))) ADD_FAILURE() << "cannot remove " << dir_;
  }
  if (!enabled_cpu_in_.empty()) WriteCgroupFile(enabled_cpu_in_, "-cpu");
}

}  // namespace tend::test

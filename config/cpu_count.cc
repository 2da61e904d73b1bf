#include "config/cpu_count.h"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tend {
namespace {

int AffinityCpuCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  const int count = CPU_COUNT(&set);
  return count > 0 ? count : 1;
}

// ceil(quota / period), INT_MAX for no limit (quota <= 0) or a bad period.
int CpusOfQuota(long long quota, long long period) {
  if (quota <= 0 || period <= 0) return INT_MAX;
  const long long cpus = (quota + period - 1) / period;
  return cpus > INT_MAX ? INT_MAX : static_cast<int>(cpus);
}

// v2: the cpu.max file of a cgroup dir ("max 100000" or "150000 100000").
int CpuMaxLimit(const std::string& dir) {
  std::ifstream in(dir + "/cpu.max");
  std::string quota;
  long long period = 0;
  if (!(in >> quota >> period) || quota == "max") return INT_MAX;
  char* end = nullptr;
  const long long q = std::strtoll(quota.c_str(), &end, 10);
  if (end == quota.c_str() || *end != '\0') return INT_MAX;
  return CpusOfQuota(q, period);
}

// v1: cpu.cfs_quota_us (-1 for none) over cpu.cfs_period_us.
int CfsQuotaLimit(const std::string& dir) {
  long long quota = -1;
  long long period = 0;
  std::ifstream(dir + "/cpu.cfs_quota_us") >> quota;
  std::ifstream(dir + "/cpu.cfs_period_us") >> period;
  return CpusOfQuota(quota, period);
}

// The tightest limit from our cgroup up to the top of what the mount shows: a
// parent's quota caps its children too.
int TightestLimit(const CgroupMount& mount, std::string path, int (*limit_of)(const std::string&)) {
  if (mount.mount_point.empty() || path.empty()) return INT_MAX;
  // Paths are absolute in the hierarchy; a mount of a subtree shows them below its root.
  if (mount.root != "/" && path.rfind(mount.root, 0) == 0) {
    path = path.size() == mount.root.size() ? "/" : path.substr(mount.root.size());
  }
  int tightest = INT_MAX;
  while (true) {
    const int limit = limit_of(mount.mount_point + (path == "/" ? "" : path));
    if (limit < tightest) tightest = limit;
    if (path.empty() || path == "/") break;
    const size_t slash = path.rfind('/');
    path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
  }
  return tightest;
}

}  // namespace

int UsableCpuCountFrom(int affinity_cpus, const std::string& proc_self_cgroup,
                       const CgroupCpuMounts& mounts) {
  const OwnCgroups own = ReadOwnCgroups(proc_self_cgroup);
  const int usable = std::min({affinity_cpus > 0 ? affinity_cpus : 1,
                               TightestLimit(mounts.v2, own.v2, CpuMaxLimit),
                               TightestLimit(mounts.v1_cpu, own.v1_cpu, CfsQuotaLimit)});
  return usable < 1 ? 1 : usable;
}

int UsableCpuCountFrom(int affinity_cpus, const std::string& proc_self_cgroup,
                       const std::string& cgroup_root) {
  CgroupCpuMounts mounts;
  mounts.v2.mount_point = cgroup_root;
  return UsableCpuCountFrom(affinity_cpus, proc_self_cgroup, mounts);
}

int UsableCpuCount() {
  return UsableCpuCountFrom(AffinityCpuCount(), "/proc/self/cgroup",
                            FindCgroupCpuMounts("/proc/self/mountinfo"));
}

Result<int> ResolveInstances(const std::string& text_or_number) {
  const std::string& t = text_or_number;
  const auto bad = [&t] {
    return Status::InvalidArgument("\"" + t + "\" is not a number, \"max\" or -1");
  };
  if (t == "max") return UsableCpuCount();
  if (t.empty()) return bad();
  errno = 0;
  char* end = nullptr;
  const long n = std::strtol(t.c_str(), &end, 10);
  if (*end != '\0' || errno != 0 || n < -1 || n > 100000) return bad();
  if (n == 0) return UsableCpuCount();
  if (n == -1) {
    const int cpus = UsableCpuCount();
    return cpus > 1 ? cpus - 1 : 1;
  }
  return static_cast<int>(n);
}

}  // namespace tend

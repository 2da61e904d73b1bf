#include "config/cpu_count.h"

#include <sched.h>

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

// The cgroup v2 path of this process ("0::/user.slice/..."), "" when not on v2.
std::string CgroupV2Path(const std::string& proc_self_cgroup) {
  std::ifstream in(proc_self_cgroup);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  }
  return "";
}

// ceil(quota / period) of one cpu.max file; INT_MAX for "max" or no file.
int CpuMaxLimit(const std::string& file) {
  std::ifstream in(file);
  std::string quota;
  long long period = 0;
  if (!(in >> quota >> period) || quota == "max" || period <= 0) return INT_MAX;
  char* end = nullptr;
  const long long q = std::strtoll(quota.c_str(), &end, 10);
  if (end == quota.c_str() || *end != '\0' || q <= 0) return INT_MAX;
  const long long cpus = (q + period - 1) / period;
  return cpus > INT_MAX ? INT_MAX : static_cast<int>(cpus);
}

}  // namespace

int UsableCpuCountFrom(int affinity_cpus, const std::string& proc_self_cgroup,
                       const std::string& cgroup_root) {
  int usable = affinity_cpus > 0 ? affinity_cpus : 1;
  std::string path = CgroupV2Path(proc_self_cgroup);
  if (path.empty()) return usable;
  // A parent's quota caps its children too, so the tightest one on the way up wins.
  while (true) {
    const int limit = CpuMaxLimit(cgroup_root + (path == "/" ? "" : path) + "/cpu.max");
    if (limit < usable) usable = limit;
    if (path.empty() || path == "/") break;
    const size_t slash = path.rfind('/');
    path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
  }
  return usable < 1 ? 1 : usable;
}

int UsableCpuCount() {
  return UsableCpuCountFrom(AffinityCpuCount(), "/proc/self/cgroup", "/sys/fs/cgroup");
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

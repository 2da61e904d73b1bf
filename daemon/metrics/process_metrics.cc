#include "daemon/metrics/process_metrics.h"

#include "daemon/os/proc_user.h"

namespace tend {

std::string ProcessMetricsCache::UserOf(pid_t pid) {
  auto uid = ProcessUid(pid);
  if (!uid.ok()) return "";
  auto it = users_.find(*uid);
  if (it != users_.end()) return it->second;
  return users_[*uid] = UserNameOf(*uid);
}

std::map<pid_t, ProcessMetricsCache::Facts> ProcessMetricsCache::Get(
    const std::vector<pid_t>& pids) {
  const auto now = std::chrono::steady_clock::now();
  bool fresh = now - last_at_ < std::chrono::milliseconds(kMinSampleGapMs);
  std::vector<pid_t> roots;
  for (pid_t pid : pids) {
    if (pid <= 0) continue;
    roots.push_back(pid);
    if (last_.count(pid) == 0) fresh = false;
  }
  if (!fresh) {
    last_ = sampler_.Sample(roots, now);
    last_at_ = now;
  }
  std::map<pid_t, Facts> out;
  for (pid_t pid : roots) {
    auto it = last_.find(pid);
    if (it == last_.end()) continue;
    out[pid] = Facts{it->second.cpu_percent, it->second.memory_bytes, UserOf(pid)};
  }
  return out;
}

}  // namespace tend

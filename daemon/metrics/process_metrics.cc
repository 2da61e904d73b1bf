#include "daemon/metrics/process_metrics.h"

#include <algorithm>

#include "daemon/os/proc_user.h"

namespace tend {

std::string ProcessMetricsCache::UserOf(pid_t pid) {
  auto uid = ProcessUid(pid);
  if (!uid.ok()) return "";
  auto it = users_.find(*uid);
  if (it != users_.end()) return it->second;
  return users_[*uid] = UserNameOf(*uid);
}

void ProcessMetricsCache::Refresh(const std::vector<pid_t>& pids) {
  std::vector<pid_t> roots;
  for (pid_t pid : pids) {
    if (pid > 0) roots.push_back(pid);
  }
  last_at_ = std::chrono::steady_clock::now();
  last_ = sampler_.Sample(roots, last_at_);
}

std::map<pid_t, ProcessMetricsCache::Facts> ProcessMetricsCache::Get(
    const std::vector<pid_t>& pids) {
  const auto now = std::chrono::steady_clock::now();
  bool fresh = now - last_at_ < std::chrono::milliseconds(max_age_ms_);
  std::vector<pid_t> roots;
  for (pid_t pid : pids) {
    if (pid <= 0) continue;
    roots.push_back(pid);
    if (last_.count(pid) == 0) fresh = false;
  }
  if (!fresh) {
    // The tick's pids too: a tree left out of a sample loses its CPU baseline.
    std::vector<pid_t> all = roots;
    for (const auto& [pid, metrics] : last_)
      all.push_back(pid);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    Refresh(all);
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

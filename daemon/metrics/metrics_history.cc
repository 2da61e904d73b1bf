#include "daemon/metrics/metrics_history.h"

#include <algorithm>
#include <iterator>

namespace tend {

void MetricsHistory::Record(int id, pid_t pid, double cpu_percent, uint64_t memory_bytes) {
  Entry& e = entries_[id];
  if (e.pid != pid) {
    e.pid = pid;
    e.peak = 0;
    e.cpu_sum = 0;
    e.samples = 0;
  }
  e.peak = std::max(e.peak, memory_bytes);
  e.cpu_sum += cpu_percent;
  ++e.samples;
  const uint64_t kib = std::min<uint64_t>(memory_bytes / 1024, UINT32_MAX);
  e.points.push_back({static_cast<float>(cpu_percent), static_cast<uint32_t>(kib)});
  if (e.points.size() > kSamples) e.points.pop_front();
}

void MetricsHistory::Forget(int id) {
  entries_.erase(id);
}

void MetricsHistory::ForgetAllBut(const std::unordered_set<int>& ids) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = ids.count(it->first) != 0 ? std::next(it) : entries_.erase(it);
  }
}

std::vector<MetricsPoint> MetricsHistory::Points(int id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return {};
  return {it->second.points.begin(), it->second.points.end()};
}

RunSummary MetricsHistory::Summary(int id) const {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.samples == 0) return {};
  const Entry& e = it->second;
  return {e.peak, e.cpu_sum / static_cast<double>(e.samples), e.samples};
}

}  // namespace tend

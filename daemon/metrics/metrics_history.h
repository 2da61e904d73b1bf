#pragma once
// MetricsHistory: the last samples of each process (for the sparklines of `tend monit`),
// and its peak memory and average CPU over its current run (for `describe`). Bounded:
// kSamples points per process, 8 bytes each; a process is forgotten when it is deleted.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tend {

struct MetricsPoint {
  float cpu_percent = 0;
  uint32_t memory_kib = 0;
};

struct RunSummary {
  uint64_t peak_memory_bytes = 0;
  double average_cpu_percent = 0;
  size_t samples = 0;  // of this run (0: never sampled)
};

class MetricsHistory {
 public:
  static constexpr size_t kSamples = 120;

  // One sample of process `id`, whose run is `pid`: a new pid starts a new run (the peak
  // and the average restart; the points go on, so a sparkline shows the restart).
  void Record(int id, pid_t pid, double cpu_percent, uint64_t memory_bytes);
  void Forget(int id);
  // Forgets every process not in `ids` (those deleted since).
  void ForgetAllBut(const std::unordered_set<int>& ids);
  // Oldest first; at most kSamples.
  std::vector<MetricsPoint> Points(int id) const;
  RunSummary Summary(int id) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::deque<MetricsPoint> points;
    pid_t pid = 0;
    uint64_t peak = 0;
    double cpu_sum = 0;
    size_t samples = 0;
  };
  std::unordered_map<int, Entry> entries_;
};

}  // namespace tend

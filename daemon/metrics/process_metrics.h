#pragma once
// ProcessMetrics for the `list` answer: cpu and memory of each process tree from /proc,
// sampled by the daemon's metrics tick (Refresh, once for every reader) and read from
// here; a request samples only when the tick has not seen one of its pids yet (a process
// just started) or the last sample is older than max_age. The user name of each process
// is cached per uid because getpwuid_r may block on NSS.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "daemon/metrics/metrics_sampler.h"

namespace tend {

class ProcessMetricsCache {
 public:
  struct Facts {
    double cpu_percent = 0;
    uint64_t memory_bytes = 0;
    std::string user;
  };

  // Facts for each pid (pids <= 0 get zeros), sampling /proc when the last
  // sample is older than the minimum gap or misses one of the pids.
  std::map<pid_t, Facts> Get(const std::vector<pid_t>& pids);
  // Samples these trees now (the metrics tick: every running process).
  void Refresh(const std::vector<pid_t>& pids);
  // How old a sample Get may answer with: a little more than the tick's period.
  void set_max_age_ms(int64_t ms) { max_age_ms_ = ms; }

 private:
  int64_t max_age_ms_ = 500;
  std::string UserOf(pid_t pid);

  MetricsSampler sampler_;
  std::map<pid_t, ProcessMetrics> last_;
  std::chrono::steady_clock::time_point last_at_{};
  std::map<uid_t, std::string> users_;
};

}  // namespace tend

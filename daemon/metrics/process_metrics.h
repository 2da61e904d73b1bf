#pragma once
// ProcessMetrics for the `list` answer: cpu and memory of each process tree
// from /proc, sampled when asked (at most every kMinSampleGapMs, so a burst of
// `tend ls` costs one sample) and the user name of each process, cached per uid
// because getpwuid_r may block on NSS.

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

 private:
  static constexpr int64_t kMinSampleGapMs = 500;
  std::string UserOf(pid_t pid);

  MetricsSampler sampler_;
  std::map<pid_t, ProcessMetrics> last_;
  std::chrono::steady_clock::time_point last_at_{};
  std::map<uid_t, std::string> users_;
};

}  // namespace tend

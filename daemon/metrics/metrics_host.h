#pragma once
// The host's CPU, memory and load from /proc/stat, /proc/meminfo and
// /proc/loadavg: three small reads per Sample. CPU % is the busy share of all
// CPUs since the previous Sample (0..100 for the whole host); the first Sample
// reports the share since boot.

#include <cstdint>
#include <string>
#include <string_view>

#include "config/status.h"
#include "daemon/os/proc_stat.h"

namespace tend {

struct HostMetrics {
  double cpu_percent = 0;      // 100 = every CPU busy
  uint64_t mem_total = 0;      // bytes
  uint64_t mem_available = 0;  // bytes (MemAvailable)
  double load1 = 0, load5 = 0, load15 = 0;
  int cpus = 0;  // online CPUs
};

// The aggregate "cpu " line of /proc/stat, in ticks.
struct CpuTimes {
  uint64_t busy = 0;
  uint64_t total = 0;
};
Result<CpuTimes> ParseCpuTimes(std::string_view proc_stat);
// MemTotal and MemAvailable (bytes) of a /proc/meminfo text.
Status ParseMeminfo(std::string_view meminfo, HostMetrics& out);
Status ParseLoadavg(std::string_view loadavg, HostMetrics& out);

class HostSampler {
 public:
  explicit HostSampler(std::string proc_root = kProcRoot) : proc_root_(std::move(proc_root)) {}

  // Fields that cannot be read stay 0; the daemon shows what it has.
  HostMetrics Sample();

 private:
  std::string proc_root_;
  CpuTimes previous_;
  std::string buffer_;
};

}  // namespace tend

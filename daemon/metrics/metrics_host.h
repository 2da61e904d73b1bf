#pragma once
// The host's CPU (all and per core), memory, swap, load and uptime from /proc/stat,
// /proc/meminfo, /proc/loadavg and /proc/uptime: four small reads per Sample. CPU % is
// the busy share since the previous Sample (0..100 for the whole host, and for each
// core); the first Sample reports the share since boot.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"
#include "daemon/os/proc_stat.h"

namespace tend {

struct HostMetrics {
  double cpu_percent = 0;            // 100 = every CPU busy
  std::vector<double> core_percent;  // one per "cpuN" line, 100 = that core busy
  uint64_t mem_total = 0;            // bytes
  uint64_t mem_available = 0;        // bytes (MemAvailable)
  uint64_t swap_total = 0;           // bytes
  uint64_t swap_free = 0;            // bytes
  double load1 = 0, load5 = 0, load15 = 0;
  double uptime_seconds = 0;
  int cpus = 0;  // online CPUs
};

// The aggregate "cpu " line of /proc/stat, in ticks.
struct CpuTimes {
  uint64_t busy = 0;
  uint64_t total = 0;
};
Result<CpuTimes> ParseCpuTimes(std::string_view proc_stat);
// The "cpuN" lines, in order.
std::vector<CpuTimes> ParsePerCpuTimes(std::string_view proc_stat);
// MemTotal, MemAvailable, SwapTotal and SwapFree (bytes) of a /proc/meminfo text.
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
  std::vector<CpuTimes> previous_cores_;
  std::string buffer_;
};

}  // namespace tend

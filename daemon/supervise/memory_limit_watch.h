#pragma once
// MemoryLimitWatch: max_memory_restart. Once a second it reads the memory of every online
// process that has a limit (its whole tree, from the metrics cache: one /proc sample serves
// every reader) and restarts each that passed its limit gracefully (its kill signal and
// kill_timeout), with the cause recorded. An app whose socket the daemon holds is replaced
// by a rolling reload of that one instance instead (the replacement first, then the old
// one stopped), so it serves on with no refused connection.

#include <uv.h>

#include <cstdint>
#include <string>

#include "daemon/metrics/process_metrics.h"
#include "daemon/os/uv_timer.h"
#include "daemon/supervise/supervision.h"

namespace tend {

class ManagedProcess;

class MemoryLimitWatch {
 public:
  static constexpr int64_t kPeriodMs = 1000;

  MemoryLimitWatch(uv_loop_t* loop, Supervision& supervision, ProcessMetricsCache& metrics)
      : supervision_(supervision), metrics_(metrics), timer_(loop) {}

  void Start();
  void Stop() { timer_.Stop(); }

 private:
  void Check();

  Supervision& supervision_;
  ProcessMetricsCache& metrics_;
  Timer timer_;
};

// The restart reason's detail: "312.4 MiB passed the limit of 200.0 MiB".
std::string MemoryLimitDetail(uint64_t memory_bytes, int64_t limit_bytes);

}  // namespace tend

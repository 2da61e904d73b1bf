#pragma once
// MemoryLimitWatch: max_memory_restart. After every metrics tick it reads the memory of
// every online process that has a limit (its whole tree, from the metrics cache: one /proc
// sample serves every reader) and restarts each that passed its limit gracefully (its kill signal
// and kill_timeout), with the cause recorded. An app whose socket the daemon holds is replaced by a
// rolling reload of that one instance instead (the replacement first, then the old one stopped), so
// it serves on with no refused connection.

#include <cstdint>
#include <string>

#include "daemon/metrics/process_metrics.h"
#include "daemon/supervise/supervision.h"

namespace tend {

class ManagedProcess;

class MemoryLimitWatch {
 public:
  MemoryLimitWatch(Supervision& supervision, ProcessMetricsCache& metrics)
      : supervision_(supervision), metrics_(metrics) {}

  // Acts on the cache's last sample: the daemon calls it after each metrics tick.
  void Check();

 private:
  Supervision& supervision_;
  ProcessMetricsCache& metrics_;
};

// The restart reason's detail: "312.4 MiB passed the limit of 200.0 MiB".
std::string MemoryLimitDetail(uint64_t memory_bytes, int64_t limit_bytes);

}  // namespace tend

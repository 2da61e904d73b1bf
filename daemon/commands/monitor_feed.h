#pragma once
// MonitorFeed: the daemon's metrics as a stream. Every metrics_interval_ms it samples each
// running process (its whole tree) and the host, once for every reader: `list` then reads
// the cache, the history keeps the last samples and each run's peak and average, and each
// `monitor` subscriber gets a sample event. State changes go to subscribers as they happen.
// A subscriber whose socket holds more than kMaxQueuedBytes unsent skips samples (and is
// told how many), so a slow reader never grows the daemon.

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "config/process_status.h"
#include "daemon/metrics/metrics_history.h"
#include "daemon/metrics/metrics_host.h"
#include "daemon/os/uv_timer.h"

namespace tend {

class CommandContext;
class ManagedProcess;
class Reply;

class MonitorFeed {
 public:
  static constexpr size_t kMaxQueuedBytes = 1u << 20;

  explicit MonitorFeed(uv_loop_t* loop) : timer_(loop) {}
  // Samples now, then every `interval_ms`; `after_tick` runs after each sample
  // (max_memory_restart acts on it).
  void Start(CommandContext& ctx, int64_t interval_ms, std::function<void()> after_tick);
  void Stop() { timer_.Stop(); }
  // The snapshot (host, processes with their history) now, then samples and state changes
  // until the client leaves.
  void Subscribe(CommandContext& ctx, const std::shared_ptr<Reply>& reply);
  void OnTransition(const ManagedProcess& p, ProcessState from, ProcessState to);

  const MetricsHistory& history() const { return history_; }
  int64_t interval_ms() const { return interval_ms_; }

 private:
  struct Subscriber {
    std::shared_ptr<Reply> reply;
    uint64_t skipped = 0;
  };
  void Tick(CommandContext& ctx);
  // Sends unless the subscriber's socket is backed up; then counts what it skipped.
  static void Offer(Subscriber& s, const nlohmann::json& event);

  Timer timer_;
  std::function<void()> after_tick_;
  HostSampler host_sampler_;
  HostMetrics host_;
  MetricsHistory history_;
  std::vector<std::shared_ptr<Subscriber>> subscribers_;
  int64_t interval_ms_ = 1000;
  int usable_cpus_ = 0;
};

// The host as the snapshot and each sample carry it (docs/protocol.md, `monitor`);
// `usable_cpus` is what the daemon's affinity and cgroup CPU quota (v1 or v2) allow.
nlohmann::json HostToJson(const HostMetrics& host, int usable_cpus);

}  // namespace tend

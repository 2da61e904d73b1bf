#include "daemon/supervise/memory_limit_watch.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "daemon/supervise/managed_process.h"
#include "daemon/supervise/rolling_reload.h"

namespace tend {

std::string MemoryLimitDetail(uint64_t memory_bytes, int64_t limit_bytes) {
  constexpr double kMiB = 1024.0 * 1024.0;
  return fmt::format("{:.1f} MiB passed the limit of {:.1f} MiB",
                     static_cast<double>(memory_bytes) / kMiB,
                     static_cast<double>(limit_bytes) / kMiB);
}

void MemoryLimitWatch::Check() {
  if (supervision_.shutting_down()) return;
  std::vector<ManagedProcess*> limited;
  std::vector<pid_t> pids;
  for (ManagedProcess* p : supervision_.table().All()) {
    // Only a process that serves: one stopping, restarting or launching is already changing.
    if (p->spec().max_memory_restart_bytes <= 0 || p->state() != ProcessState::kOnline) continue;
    if (supervision_.reloading().count(p->spec().name) != 0) continue;
    limited.push_back(p);
    pids.push_back(p->pid());
  }
  if (limited.empty()) return;
  auto facts = metrics_.Get(pids);
  for (ManagedProcess* p : limited) {
    const uint64_t memory = facts[p->pid()].memory_bytes;
    const int64_t limit = p->spec().max_memory_restart_bytes;
    if (memory <= static_cast<uint64_t>(limit)) continue;
    const std::string detail = MemoryLimitDetail(memory, limit);
    if (!CanRollingReload(p->spec())) {
      spdlog::warn("{}: memory {}; restarting it", p->Label(), detail);
      p->Restart(RestartCause::kMemoryLimit, nullptr, detail);
      continue;
    }
    // A server behind a socket the daemon holds is replaced first, then stopped: the app
    // serves on, as at `tend reload`.
    spdlog::warn("{}: memory {}; replacing it (rolling reload)", p->Label(), detail);
    const std::string label = p->Label();
    RollingReload::Run(supervision_, p->spec().name, {p},
                       [label](Status s) {
                         if (!s.ok())
                           spdlog::warn("{}: replacement past the memory limit failed: {}", label,
                                        s.message());
                       },
                       {RestartCause::kMemoryLimit, detail});
  }
}

}  // namespace tend

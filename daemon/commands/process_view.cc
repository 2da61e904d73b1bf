#include "daemon/commands/process_view.h"

#include "config/wall_clock.h"
#include "daemon/commands/command_context.h"
#include "daemon/supervise/managed_process.h"

namespace tend {

nlohmann::json ProcessesToJson(CommandContext& ctx, const std::vector<ManagedProcess*>& procs,
                               bool brief) {
  auto out = nlohmann::json::array();
  const int64_t now = WallMs();
  std::vector<pid_t> pids;
  for (auto* p : procs)
    pids.push_back(p->pid());
  auto facts = ctx.metrics().Get(pids);
  for (auto* p : procs) {
    auto j = p->ToJson(brief);
    const auto& f = facts[p->pid()];
    j["cpu"] = f.cpu_percent;
    j["memory"] = f.memory_bytes;
    j["user"] = f.user;
    j["unix_time_now"] = now;
    if (!brief) {
      const RunSummary run = ctx.monitor().history().Summary(p->id());
      j["peak_memory"] = run.peak_memory_bytes;
      j["average_cpu"] = run.average_cpu_percent;
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace tend

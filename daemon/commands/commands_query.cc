// Commands that read state: ping, list, describe, pid, kill (which stops the daemon).
#include <unistd.h>

#include "config/wall_clock.h"
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandlePing(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  reply->Ok({{"pong", true}, {"version", TEND_VERSION}, {"pid", ::getpid()}});
}

void HandleList(CommandContext& ctx, const nlohmann::json& args,
                const std::shared_ptr<Reply>& reply) {
  auto brief = BoolArg(args, ipc::arg::kBrief, false);
  if (!brief.ok()) return reply->Fail(brief.status());
  reply->Ok(ProcessesToJson(ctx, ctx.table().All(), *brief));
}

void HandleDescribe(CommandContext& ctx, const nlohmann::json& args,
                    const std::shared_ptr<Reply>& reply) {
  auto procs = ResolveTargets(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  reply->Ok(ProcessesToJson(ctx, *procs));
}

void HandlePid(CommandContext& ctx, const nlohmann::json& args,
               const std::shared_ptr<Reply>& reply) {
  std::vector<ManagedProcess*> procs = ctx.table().All();
  if (HasArg(args, ipc::arg::kTargets.name)) {
    auto found = ResolveTargets(ctx, args);
    if (!found.ok()) return reply->Fail(found.status());
    procs = *found;
  }
  auto pids = nlohmann::json::array();
  for (auto* p : procs)
    pids.push_back(p->pid());
  reply->Ok(pids);
}

void HandleKill(CommandContext& ctx, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  // Answer once every app has stopped, just before the socket closes.
  const size_t count = ctx.table().All().size();
  ctx.Shutdown([reply, count] { reply->Ok({{"stopped", count}, {"pid", ::getpid()}}); });
}

}  // namespace tend

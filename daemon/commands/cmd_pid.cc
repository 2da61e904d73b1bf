// `pid [targets]`: the pids of the targets, or of every process.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

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

}  // namespace tend

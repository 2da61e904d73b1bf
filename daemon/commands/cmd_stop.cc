// `stop <targets>`: each target brought to `stopped`.
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleStop(CommandContext& ctx, const nlohmann::json& args,
                const std::shared_ptr<Reply>& reply) {
  TargetAction stop;
  stop.act = [](ManagedProcess& p, bool, TargetAction::Done done) {
    p.Stop([done] { done(Status::Ok()); });
  };
  ForEachTarget(ctx, args, reply, std::move(stop));
}

}  // namespace tend

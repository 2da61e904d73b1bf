// `reset <targets>`: restart counters back to 0.
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleReset(CommandContext& ctx, const nlohmann::json& args,
                 const std::shared_ptr<Reply>& reply) {
  TargetAction reset;
  reset.act = [](ManagedProcess& p, bool, TargetAction::Done done) {
    p.ResetCounters();
    done(Status::Ok());
  };
  ForEachTarget(ctx, args, reply, std::move(reset));
}

}  // namespace tend

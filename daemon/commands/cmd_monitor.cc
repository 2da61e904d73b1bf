// `monitor` (a stream): a snapshot of the host and every process with its history, then a
// sample each metrics tick and each state change, until the client leaves (MonitorFeed).
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleMonitor(CommandContext& ctx, const nlohmann::json&,
                   const std::shared_ptr<Reply>& reply) {
  ctx.monitor().Subscribe(ctx, reply);
}

}  // namespace tend

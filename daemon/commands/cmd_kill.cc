// `kill`: stop every app, answer, then end the daemon.
#include <unistd.h>

#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleKill(CommandContext& ctx, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  // Answer once every app has stopped, just before the socket closes.
  const size_t count = ctx.table().All().size();
  ctx.Shutdown([reply, count] { reply->Ok({{"stopped", count}, {"pid", ::getpid()}}); });
}

}  // namespace tend

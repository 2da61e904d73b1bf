// `reloadLogs`: reopen every log file (after an external logrotate).
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleReloadLogs(CommandContext& ctx, const nlohmann::json&,
                      const std::shared_ptr<Reply>& reply) {
  ctx.logs().ReopenAll();
  reply->Ok({{"reopened", ctx.logs().OpenPaths()}});
}

}  // namespace tend

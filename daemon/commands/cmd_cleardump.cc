// `cleardump`: write an empty dump.
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"
#include "daemon/persist/dump_store.h"

namespace tend {

void HandleClearDump(CommandContext& ctx, const nlohmann::json&,
                     const std::shared_ptr<Reply>& reply) {
  Status s = ClearDump(ctx.home().dump_path());
  if (!s.ok()) return reply->Fail(s);
  reply->Ok({{"path", ctx.home().dump_path()}});
}

}  // namespace tend

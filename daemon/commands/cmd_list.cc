// `list`: every process, by pm_id.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleList(CommandContext& ctx, const nlohmann::json& args,
                const std::shared_ptr<Reply>& reply) {
  auto brief = BoolArg(args, ipc::arg::kBrief, false);
  if (!brief.ok()) return reply->Fail(brief.status());
  reply->Ok(ProcessesToJson(ctx, ctx.table().All(), *brief));
}

}  // namespace tend

// `describe <targets>`: every fact about the targets.
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleDescribe(CommandContext& ctx, const nlohmann::json& args,
                    const std::shared_ptr<Reply>& reply) {
  auto procs = ResolveTargets(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  reply->Ok(ProcessesToJson(ctx, *procs));
}

}  // namespace tend

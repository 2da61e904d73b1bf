// `get [key]`: one daemon setting, or all of them.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleGet(CommandContext& ctx, const nlohmann::json& args,
               const std::shared_ptr<Reply>& reply) {
  auto key = StringArg(args, ipc::arg::kKey, "");
  if (!key.ok()) return reply->Fail(key.status());
  if (key->empty()) return reply->Ok(ctx.settings().All());
  auto value = ctx.settings().Get(*key);
  if (!value.ok()) return reply->Fail(value.status());
  reply->Ok({{"key", *key}, {"value", *value}});
}

}  // namespace tend

// `set <key> <value>`: validate and store a daemon setting.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleSet(CommandContext& ctx, const nlohmann::json& args,
               const std::shared_ptr<Reply>& reply) {
  auto key = StringArg(args, ipc::arg::kKey, "");
  auto value = StringArg(args, ipc::arg::kValue, "");
  if (!key.ok()) return reply->Fail(key.status());
  if (!value.ok()) return reply->Fail(value.status());
  Status s = ctx.settings().Set(*key, *value);
  if (!s.ok()) return reply->Fail(s);
  auto now = ctx.settings().Get(*key);
  reply->Ok({{"key", *key}, {"value", now.ok() ? *now : *value}});
}

}  // namespace tend

// `list`: every process, by pm_id; in tend's shape, or in PM2's (`jlist`).
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
  auto format = StringArg(args, ipc::arg::kFormat, "tend");
  if (!format.ok()) return reply->Fail(format.status());
  if (*format == "pm2") return reply->OkArray(ctx.pm2_list().Entries(ctx, ctx.table().All()));
  if (*format != "tend") {
    return reply->Fail(Status::InvalidArgument("unknown list format '" + *format +
                                               "': expected \"tend\" or \"pm2\""));
  }
  reply->Ok(ProcessesToJson(ctx, ctx.table().All(), *brief));
}

}  // namespace tend

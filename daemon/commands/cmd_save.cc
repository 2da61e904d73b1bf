// `save`: write the table to dump.json.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleSave(CommandContext& ctx, const nlohmann::json& args,
                const std::shared_ptr<Reply>& reply) {
  auto force = BoolArg(args, ipc::arg::kForce, false);
  if (!force.ok()) return reply->Fail(force.status());
  // PM2 refuses to overwrite a dump with nothing: that is almost always a mistake.
  if (ctx.table().empty() && !*force) {
    return reply->Fail(Status::InvalidArgument(
        "no process to save; use --force to save an empty list (or 'tend cleardump')"));
  }
  const size_t count = ctx.table().All().size();
  const std::string path = ctx.home().dump_path();
  ctx.dump_writer().Save([reply, count, path](Status s) {
    if (!s.ok()) return reply->Fail(s);
    reply->Ok({{"saved", count}, {"path", path}});
  });
}

}  // namespace tend

// Commands that persist: save, resurrect, cleardump, set, get.
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"
#include "daemon/persist/dump_store.h"
#include "daemon/persist/resurrect.h"

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

void HandleResurrect(CommandContext& ctx, const nlohmann::json&,
                     const std::shared_ptr<Reply>& reply) {
  // What the daemon's start found (a corrupt dump.json it moved aside) comes first.
  std::vector<std::string> warnings = ctx.TakeDumpLoadWarnings();
  auto loaded = LoadDump(ctx.home().dump_path());
  if (!loaded.ok()) {
    // The start moved the only dump aside: say so, not "no dump".
    if (!warnings.empty()) {
      std::string message;
      for (const auto& w : warnings)
        message += (message.empty() ? "" : "; ") + w;
      return reply->Fail(Status::InvalidArgument(message));
    }
    if (loaded.status().code() == Code::kNotFound) {
      return reply->Fail(Status::NotFound("no dump to resurrect at " + ctx.home().dump_path() +
                                          " (save one with 'tend save')"));
    }
    return reply->Fail(loaded.status());
  }
  warnings.insert(warnings.end(), loaded->warnings.begin(), loaded->warnings.end());
  auto outcome = Resurrect(ctx.table(), loaded->dump);
  std::vector<ManagedProcess*> procs;
  for (int id : outcome.ids) {
    if (auto* p = ctx.table().Find(id)) procs.push_back(p);
  }
  reply->Ok({{"processes", ProcessesToJson(ctx, procs)},
             {"skipped", outcome.skipped},
             {"failures", outcome.failures},
             {"warnings", warnings},
             {"from_backup", loaded->from_backup}});
}

void HandleClearDump(CommandContext& ctx, const nlohmann::json&,
                     const std::shared_ptr<Reply>& reply) {
  Status s = ClearDump(ctx.home().dump_path());
  if (!s.ok()) return reply->Fail(s);
  reply->Ok({{"path", ctx.home().dump_path()}});
}

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

// `resurrect`: bring back the processes of dump.json.
#include <algorithm>

#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"
#include "daemon/persist/dump_store.h"
#include "daemon/persist/resurrect.h"

namespace tend {

namespace {

void ResurrectFromDisk(CommandContext& ctx, const std::shared_ptr<Reply>& reply) {
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
  // The start's load and this one may say the same (the backup used): once is enough.
  for (const auto& w : loaded->warnings) {
    if (std::find(warnings.begin(), warnings.end(), w) == warnings.end()) warnings.push_back(w);
  }
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

}  // namespace

void HandleResurrect(CommandContext& ctx, const nlohmann::json&,
                     const std::shared_ptr<Reply>& reply) {
  // A save in flight (an autosave, the one after a crash recovery) is the newest dump:
  // reading the file before it lands would answer from whichever write won the race.
  ctx.dump_writer().WhenIdle([&ctx, reply] {
    if (ctx.shutting_down()) return reply->Fail(Status::Unavailable("the daemon is shutting down"));
    ResurrectFromDisk(ctx, reply);
    ctx.TableChanged(/*urgent=*/true);
  });
}

}  // namespace tend

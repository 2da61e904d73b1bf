// `delete <targets>`: each target stopped, then removed from the table.
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleDelete(CommandContext& ctx, const nlohmann::json& args,
                  const std::shared_ptr<Reply>& reply) {
  // The answer: the processes as they were once stopped, in the order they stopped.
  auto snapshot = std::make_shared<nlohmann::json>(nlohmann::json::array());
  TargetAction remove;
  remove.act = [&ctx, snapshot](ManagedProcess& p, bool brief, TargetAction::Done done) {
    const int id = p.id();
    p.Stop([&ctx, id, snapshot, done, brief] {
      if (auto* proc = ctx.table().Find(id)) {
        snapshot->push_back(ProcessesToJson(ctx, {proc}, brief)[0]);
      }
      // Removal waits for the next loop turn: we are inside the process's own callback.
      ctx.Defer([&ctx, id, done] {
        ctx.table().Remove(id);
        ctx.TableChanged(/*urgent=*/true);
        done(Status::Ok());
      });
    });
  };
  remove.answer = [snapshot](const std::shared_ptr<Reply>& r) { r->Ok(*snapshot); };
  ForEachTarget(ctx, args, reply, std::move(remove));
}

}  // namespace tend

// `signal <name> <targets>` (the CLI's sendSignal): a signal to each target's main pid.
#include "config/signal_names.h"
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleSignal(CommandContext& ctx, const nlohmann::json& args,
                  const std::shared_ptr<Reply>& reply) {
  auto name = StringArg(args, ipc::arg::kSignal, "");
  if (!name.ok()) return reply->Fail(name.status());
  auto signum = ParseSignal(*name);
  if (!signum.ok()) return reply->Fail(signum.status());
  TargetAction signal;
  // All or nothing: refuse before signalling any when one target is not running.
  signal.check = [](const std::vector<ManagedProcess*>& procs) {
    for (auto* p : procs) {
      if (p->pid() <= 0) {
        return Status::NotFound("app " + p->spec().name + " (id " + std::to_string(p->id()) +
                                ") is not running");
      }
    }
    return Status::Ok();
  };
  // In pm_id order; after a failure the rest are not signalled.
  auto failed = std::make_shared<bool>(false);
  signal.act = [signum = *signum, failed](ManagedProcess& p, bool, TargetAction::Done done) {
    if (*failed) return done(Status::Ok());
    Status s = p.SendSignal(signum);
    *failed = !s.ok();
    done(s);
  };
  ForEachTarget(ctx, args, reply, std::move(signal));
}

}  // namespace tend

#include "daemon/commands/for_each_target.h"

#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {
namespace {

void AnswerWithThoseStillThere(CommandContext& ctx, const std::vector<int>& ids, bool brief,
                               const std::shared_ptr<Reply>& reply) {
  std::vector<ManagedProcess*> still;
  for (int id : ids) {
    if (auto* p = ctx.table().Find(id)) still.push_back(p);
  }
  reply->Ok(ProcessesToJson(ctx, still, brief));
}

}  // namespace

Result<std::vector<ManagedProcess*>> ResolveTargets(CommandContext& ctx,
                                                    const nlohmann::json& args) {
  auto targets = TargetsArg(args, ipc::arg::kTargets);
  if (!targets.ok()) return targets.status();
  return ctx.table().Resolve(*targets);
}

Result<std::vector<ManagedProcess*>> ResolveTargetsOrAll(CommandContext& ctx,
                                                         const nlohmann::json& args) {
  std::vector<std::string> targets{"all"};
  if (HasArg(args, ipc::arg::kTargets.name)) {
    auto t = TargetsArg(args, ipc::arg::kTargets);
    if (!t.ok()) return t.status();
    if (!t->empty()) targets = *t;
  }
  return ctx.table().Resolve(targets);
}

void ForEachTarget(CommandContext& ctx, const nlohmann::json& args,
                   const std::shared_ptr<Reply>& reply, TargetAction action) {
  auto procs = ResolveTargets(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  auto brief = BoolArg(args, ipc::arg::kBrief, false);
  if (!brief.ok()) return reply->Fail(brief.status());
  if (action.check) {
    if (Status s = action.check(*procs); !s.ok()) return reply->Fail(s);
  }
  std::vector<int> ids;
  for (auto* p : *procs)
    ids.push_back(p->id());
  auto first_error = std::make_shared<Status>();
  auto answer = std::move(action.answer);
  auto done =
      Countdown::Make(procs->size(), [&ctx, reply, ids, first_error, answer, brief = *brief] {
        if (!first_error->ok()) return reply->Fail(*first_error);
        if (answer) return answer(reply);
        AnswerWithThoseStillThere(ctx, ids, brief, reply);
      });
  for (auto* p : *procs) {
    action.act(*p, *brief, [done, first_error](Status s) {
      if (!s.ok() && first_error->ok()) *first_error = s;
      done->Arrive();
    });
  }
}

}  // namespace tend

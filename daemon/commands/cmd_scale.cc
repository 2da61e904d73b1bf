// `scale <app> N|+N|-N`: more instances with the next instance indexes, or
// fewer by stopping and deleting the highest ones.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {
namespace {

// "N" is the new count; "+N" and "-N" are relative to `current`.
Result<int> TargetCount(const std::string& text, int current) {
  const bool relative = !text.empty() && (text[0] == '+' || text[0] == '-');
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v > 10000 || v < -10000) {
    return Status::InvalidArgument("scale: '" + text + "' is not N, +N or -N");
  }
  const long target = relative ? current + v : v;
  if (target < 1) {
    return Status::InvalidArgument("scale: an app keeps at least 1 instance (asked " +
                                   std::to_string(target) + "); use 'tend delete' to remove it");
  }
  return static_cast<int>(target);
}

void AnswerWithApp(CommandContext& ctx, const std::shared_ptr<Reply>& reply,
                   const std::string& name) {
  reply->Ok(ProcessesToJson(ctx, ctx.table().FindByName(name)));
}

Status AddInstances(CommandContext& ctx, std::vector<ManagedProcess*> procs, int count) {
  int next_instance = 0;
  for (auto* p : procs)
    next_instance = std::max(next_instance, p->instance() + 1);
  const AppSpec spec = procs.back()->spec();  // the newest spec the app was given
  for (int i = 0; i < count; ++i) {
    auto& proc = ctx.table().Add(spec, next_instance + i);
    if (Status s = proc.Start(); !s.ok()) return s;  // kept, errored, as a failed start is
  }
  return Status::Ok();
}

void RemoveInstances(CommandContext& ctx, std::vector<ManagedProcess*> procs, int count,
                     std::function<void()> done) {
  std::sort(procs.begin(), procs.end(), [](ManagedProcess* a, ManagedProcess* b) {
    return a->instance() != b->instance() ? a->instance() > b->instance() : a->id() > b->id();
  });
  procs.resize(static_cast<size_t>(count));
  auto countdown = Countdown::Make(procs.size(), std::move(done));
  for (auto* p : procs) {
    const int id = p->id();
    p->Stop([&ctx, id, countdown] {
      ctx.Defer([&ctx, id, countdown] {
        ctx.table().Remove(id);
        ctx.TableChanged(/*urgent=*/true);
        countdown->Arrive();
      });
    });
  }
}

}  // namespace

void HandleScale(CommandContext& ctx, const nlohmann::json& args,
                 const std::shared_ptr<Reply>& reply) {
  auto name = StringArg(args, ipc::arg::kName, "");
  if (!name.ok()) return reply->Fail(name.status());
  auto count = StringArg(args, ipc::arg::kCount, "");
  if (!count.ok()) return reply->Fail(count.status());
  auto procs = ctx.table().FindByName(*name);
  if (procs.empty()) return reply->Fail(Status::NotFound("no app named '" + *name + "'"));
  if (ctx.reloading().count(*name) != 0) {
    return reply->Fail(Status::Busy("app '" + *name + "' is being reloaded; scale it after"));
  }
  const int current = static_cast<int>(procs.size());
  auto target = TargetCount(*count, current);
  if (!target.ok()) return reply->Fail(target.status());
  spdlog::info("scaling app {} from {} to {} instances", *name, current, *target);
  for (auto* p : procs) {
    AppSpec spec = p->spec();
    spec.instances = *target;
    p->ReplaceSpec(std::move(spec));
  }
  if (*target > current) {
    Status s = AddInstances(ctx, procs, *target - current);
    ctx.TableChanged(/*urgent=*/true);
    if (!s.ok()) return reply->Fail(s);
    return AnswerWithApp(ctx, reply, *name);
  }
  RemoveInstances(ctx, procs, current - *target,
                  [&ctx, reply, app = *name] { AnswerWithApp(ctx, reply, app); });
}

}  // namespace tend

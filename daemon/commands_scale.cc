// `scale <app> N|+N|-N`: more instances with the next instance indexes, or
// fewer by stopping and deleting the highest ones.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

#include "daemon/command_args.h"
#include "daemon/command_table.h"
#include "daemon/daemon.h"
#include "daemon/process_view.h"
#include "daemon/reply.h"

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

void AnswerWithApp(Daemon& daemon, const std::shared_ptr<Reply>& reply, const std::string& name) {
  reply->Ok(ProcessesToJson(daemon, daemon.table().FindByName(name)));
}

Status AddInstances(Daemon& daemon, std::vector<ManagedProcess*> procs, int count) {
  int next_instance = 0;
  for (auto* p : procs)
    next_instance = std::max(next_instance, p->instance() + 1);
  const AppSpec spec = procs.back()->spec();  // the newest spec the app was given
  for (int i = 0; i < count; ++i) {
    auto& proc = daemon.table().Add(spec, next_instance + i);
    if (Status s = proc.Start(); !s.ok()) return s;  // kept, errored, as a failed start is
  }
  return Status::Ok();
}

void RemoveInstances(Daemon& daemon, std::vector<ManagedProcess*> procs, int count,
                     std::function<void()> done) {
  std::sort(procs.begin(), procs.end(), [](ManagedProcess* a, ManagedProcess* b) {
    return a->instance() != b->instance() ? a->instance() > b->instance() : a->id() > b->id();
  });
  procs.resize(static_cast<size_t>(count));
  auto countdown = Countdown::Make(procs.size(), std::move(done));
  for (auto* p : procs) {
    const int id = p->id();
    p->Stop([&daemon, id, countdown] {
      daemon.Defer([&daemon, id, countdown] {
        daemon.table().Remove(id);
        daemon.TableChanged(/*urgent=*/true);
        countdown->Arrive();
      });
    });
  }
}

}  // namespace

void HandleScale(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  auto name = StringArg(args, "name", "");
  if (!name.ok()) return reply->Fail(name.status());
  auto count = StringArg(args, "count", "");
  if (!count.ok()) return reply->Fail(count.status());
  auto procs = daemon.table().FindByName(*name);
  if (procs.empty()) return reply->Fail(Status::NotFound("no app named '" + *name + "'"));
  if (daemon.reloading().count(*name) != 0) {
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
    Status s = AddInstances(daemon, procs, *target - current);
    daemon.TableChanged(/*urgent=*/true);
    if (!s.ok()) return reply->Fail(s);
    return AnswerWithApp(daemon, reply, *name);
  }
  RemoveInstances(daemon, procs, current - *target,
                  [&daemon, reply, app = *name] { AnswerWithApp(daemon, reply, app); });
}

}  // namespace tend

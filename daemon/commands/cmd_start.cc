// `start`: new processes for apps, or the new spec for apps that already have some.
#include "config/app_name.h"
#include "config/app_spec_json.h"
#include "config/signal_names.h"
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"

namespace tend {
namespace {

Status ValidateSpec(const AppSpec& spec) {
  TEND_RETURN_IF_ERROR(CheckAppName(spec.name));
  if (spec.script.empty()) return Status::InvalidArgument("app '" + spec.name + "' has no script");
  if (spec.instances < 1) {
    return Status::InvalidArgument("app '" + spec.name + "': instances must be at least 1");
  }
  if (auto sig = ParseSignal(spec.kill_signal); !sig.ok()) return sig.status();
  if (spec.kill_timeout_ms < 0 || spec.min_uptime_ms < 0 || spec.restart_delay_ms < 0) {
    return Status::InvalidArgument("app '" + spec.name + "': durations must not be negative");
  }
  return Status::Ok();
}

Result<std::vector<AppSpec>> AppsArg(const nlohmann::json& args) {
  auto it = args.find(std::string(ipc::arg::kApps.name));
  if (it == args.end() || !it->is_array() || it->empty()) {
    return Status::InvalidArgument("argument 'apps' must be a non-empty array of app specs");
  }
  std::vector<AppSpec> apps;
  for (const auto& j : *it) {
    auto spec = AppSpecFromJson(j);
    if (!spec.ok()) return spec.status();
    TEND_RETURN_IF_ERROR(ValidateSpec(*spec));
    apps.push_back(std::move(spec).value());
  }
  return apps;
}

bool AnyRunning(const std::vector<ManagedProcess*>& procs) {
  for (auto* p : procs) {
    if (MeantToRun(p->state())) return true;
  }
  return false;
}

// Starts `count` new instances of `spec`; on a spawn failure removes them again,
// so a bad start leaves nothing behind.
Result<std::vector<ManagedProcess*>> StartNew(CommandContext& ctx, const AppSpec& spec, int first) {
  std::vector<ManagedProcess*> added;
  for (int i = 0; i < spec.instances; ++i) {
    auto& proc = ctx.table().Add(spec, first + i);
    added.push_back(&proc);
    if (!spec.autostart) continue;
    Status s = proc.Start();
    if (!s.ok()) {
      for (auto* p : added) {
        const int id = p->id();
        p->Stop([&ctx, id] { ctx.Defer([&ctx, id] { ctx.table().Remove(id); }); });
      }
      return s;
    }
  }
  return added;
}

// An app of that name exists: a file (update_existing) gives it the new spec
// and restarts it; a bare `start` of a stopped app brings it back with the new
// spec, as PM2 does. Instances beyond the new count are not touched here.
void StartExisting(const std::vector<ManagedProcess*>& existing, const AppSpec& spec,
                   const std::shared_ptr<Countdown>& done,
                   const std::shared_ptr<Status>& first_error) {
  for (auto* p : existing) {
    p->ReplaceSpec(spec);
    if (HasChild(p->state())) {
      p->Restart(RestartCause::kManual, [done, first_error](Status s) {
        if (!s.ok() && first_error->ok()) *first_error = s;
        done->Arrive();
      });
      continue;
    }
    Status s = p->Start();
    if (!s.ok() && first_error->ok()) *first_error = s;
    done->Arrive();
  }
}

// Answers with the started processes once none is `launching` any more: a process that
// awaits readiness (wait_ready, a Node app's listen) is online, or listen_timeout passed,
// or it failed; as `pm2 start` returns once its processes are online.
void ReplyWhenLaunched(CommandContext& ctx, const std::vector<int>& ids, bool brief,
                       const std::shared_ptr<Reply>& reply) {
  std::vector<ManagedProcess*> launching;
  for (int id : ids) {
    auto* p = ctx.table().Find(id);
    if (p != nullptr && p->state() == ProcessState::kLaunching) launching.push_back(p);
  }
  auto answer = Countdown::Make(launching.size(), [&ctx, ids, brief, reply] {
    std::vector<ManagedProcess*> procs;
    for (int id : ids) {
      if (auto* p = ctx.table().Find(id)) procs.push_back(p);
    }
    reply->Ok(ProcessesToJson(ctx, procs, brief));
  });
  for (auto* p : launching)
    p->WhenOnline([answer](bool) { answer->Arrive(); });
}

}  // namespace

void HandleStart(CommandContext& ctx, const nlohmann::json& args,
                 const std::shared_ptr<Reply>& reply) {
  auto apps = AppsArg(args);
  if (!apps.ok()) return reply->Fail(apps.status());
  auto force = BoolArg(args, ipc::arg::kForce, false);
  if (!force.ok()) return reply->Fail(force.status());
  auto update = BoolArg(args, ipc::arg::kUpdateExisting, false);
  if (!update.ok()) return reply->Fail(update.status());
  auto brief = BoolArg(args, ipc::arg::kBrief, false);
  if (!brief.ok()) return reply->Fail(brief.status());
  // Refuse before starting anything, so one bad app never half-starts a file.
  for (const auto& spec : *apps) {
    auto existing = ctx.table().FindByName(spec.name);
    if (!*force && !*update && AnyRunning(existing)) {
      return reply->Fail(Status::AlreadyExists(
          "app '" + spec.name + "' is already running (id " + std::to_string(existing[0]->id()) +
          "); use -f to start another copy, or 'tend restart " + spec.name + "'"));
    }
  }
  std::vector<int> ids;
  std::vector<std::pair<std::vector<ManagedProcess*>, AppSpec>> to_update;
  for (const auto& spec : *apps) {
    auto existing = ctx.table().FindByName(spec.name);
    if (!existing.empty() && !*force) {
      for (auto* p : existing)
        ids.push_back(p->id());
      to_update.emplace_back(existing, spec);
      continue;
    }
    auto added = StartNew(ctx, spec, static_cast<int>(existing.size()));
    if (!added.ok()) return reply->Fail(added.status());
    for (auto* p : *added)
      ids.push_back(p->id());
  }
  size_t count = 0;
  for (const auto& [procs, spec] : to_update)
    count += procs.size();
  auto first_error = std::make_shared<Status>();
  auto done = Countdown::Make(count, [&ctx, reply, ids, first_error, brief = *brief] {
    if (!first_error->ok()) return reply->Fail(*first_error);
    ReplyWhenLaunched(ctx, ids, brief, reply);
  });
  for (const auto& [procs, spec] : to_update)
    StartExisting(procs, spec, done, first_error);
}

}  // namespace tend

// `reload <targets>`: a rolling replacement for apps whose socket the daemon
// holds (`listen`); a plain restart, said so, for apps that bind their own port.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>

#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"
#include "daemon/supervise/rolling_reload.h"

namespace tend {
namespace {

// The targeted processes, grouped by app, in the order the apps first appear.
std::vector<std::pair<std::string, std::vector<ManagedProcess*>>> ByApp(
    const std::vector<ManagedProcess*>& procs) {
  std::vector<std::pair<std::string, std::vector<ManagedProcess*>>> apps;
  for (auto* p : procs) {
    auto it = std::find_if(apps.begin(), apps.end(),
                           [&](const auto& a) { return a.first == p->spec().name; });
    if (it == apps.end()) {
      apps.push_back({p->spec().name, {}});
      it = apps.end() - 1;
    }
    it->second.push_back(p);
  }
  return apps;
}

struct ReloadOutcome {
  nlohmann::json reloaded = nlohmann::json::array();
  nlohmann::json restarted = nlohmann::json::array();  // no `listen`: a restart
  Status first_error;
};

// `specs` (reload <file>) and `env` (--update-env) change what the
// replacements run; both are checked before any process changes.
Status ApplyNewSpecs(
    const nlohmann::json& args,
    const std::vector<std::pair<std::string, std::vector<ManagedProcess*>>>& apps) {
  std::map<std::string, AppSpec> specs;
  if (auto it = args.find(std::string(ipc::arg::kSpecs.name)); it != args.end()) {
    if (!it->is_array()) return Status::InvalidArgument("argument 'specs' must be an array");
    for (const auto& j : *it) {
      auto spec = AppSpecFromJson(j);
      if (!spec.ok()) return spec.status();
      specs[spec->name] = std::move(spec).value();
    }
  }
  auto env = EnvArg(args, ipc::arg::kEnv);
  if (!env.ok()) return env.status();
  for (const auto& [name, members] : apps) {
    for (auto* p : members) {
      AppSpec spec = specs.count(name) != 0 ? specs[name] : p->spec();
      if (*env) spec.env = **env;
      spec.instances = p->spec().instances;
      p->ReplaceSpec(std::move(spec));
    }
  }
  return Status::Ok();
}

}  // namespace

void HandleReload(CommandContext& ctx, const nlohmann::json& args,
                  const std::shared_ptr<Reply>& reply) {
  auto procs = ResolveTargets(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  const auto apps = ByApp(*procs);
  for (const auto& [name, members] : apps) {
    if (ctx.reloading().count(name) != 0) {
      return reply->Fail(Status::Busy("app '" + name + "' is already being reloaded"));
    }
  }
  if (Status s = ApplyNewSpecs(args, apps); !s.ok()) return reply->Fail(s);
  auto outcome = std::make_shared<ReloadOutcome>();
  auto done = Countdown::Make(apps.size(), [&ctx, reply, outcome, apps] {
    if (!outcome->first_error.ok()) return reply->Fail(outcome->first_error);
    std::vector<ManagedProcess*> now;
    for (const auto& app : apps) {
      auto members = ctx.table().FindByName(app.first);
      now.insert(now.end(), members.begin(), members.end());
    }
    reply->Ok({{"reloaded", outcome->reloaded},
               {"restarted", outcome->restarted},
               {"processes", ProcessesToJson(ctx, now)}});
  });
  for (const auto& [name, members] : apps) {
    auto record = [outcome, done](Status s) {
      if (!s.ok() && outcome->first_error.ok()) outcome->first_error = s;
      done->Arrive();
    };
    const AppSpec& spec = members.front()->spec();
    if (!CanRollingReload(spec)) {
      spdlog::info("app {} has no `listen` socket: reload is a restart", name);
      outcome->restarted.push_back(name);
      auto failure = std::make_shared<Status>();
      auto each = Countdown::Make(members.size(), [record, failure] { record(*failure); });
      for (auto* p : members) {
        p->Restart(RestartCause::kReload, [each, failure](Status s) {
          if (!s.ok() && failure->ok()) *failure = s;
          each->Arrive();
        });
      }
      continue;
    }
    outcome->reloaded.push_back(name);
    RollingReload::Run(ctx.supervision(), name, members, record);
  }
}

}  // namespace tend

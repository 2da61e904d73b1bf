// Verbs of the cluster: scale (instances up or down) and reload (rolling, zero downtime).
#include <set>

#include "cli/command_context.h"
#include "cli/commands/ecosystem_file.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "config/app_resolve.h"
#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

// Actions never start a daemon just to find nothing in it (but they recover a crashed one).
Status OpenDaemon(CommandContext& ctx, const std::string& what) {
  Status s = ctx.daemon().OpenForAction();
  if (s.code() == Code::kUnavailable) {
    return Status::NotFound("no daemon is running, so nothing matches " + what);
  }
  return s;
}

}  // namespace

int CmdScale(CommandContext& ctx) {
  const std::string name = ctx.args().String("name").value_or("");
  if (Status s = OpenDaemon(ctx, name); !s.ok()) return ctx.Fail(s);
  auto result = ctx.daemon().Call(
      ipc::kScale, ipc::Args()
                       .Set(ipc::arg::kName, name)
                       .Set(ipc::arg::kCount, ctx.args().String("count").value_or("")));
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

// `reload <file>`: the file's apps that run take its config and env and are
// reloaded; those that do not run yet are started (PM2's startOrReload).
int ReloadFile(CommandContext& ctx, const std::string& path, ipc::Args& args) {
  auto apps = LoadAppsFromFile(ctx, path, true);
  if (!apps.ok()) return ctx.Fail(apps.status());
  auto list = ctx.daemon().Call(ipc::kList, ipc::Args().Set(ipc::arg::kBrief, true));
  if (!list.ok()) return ctx.Fail(list.status());
  std::set<std::string> known;
  for (const auto& p : *list)
    known.insert(p.value("name", ""));
  std::vector<AppSpec> fresh;
  std::vector<std::string> targets;
  auto specs = nlohmann::json::array();
  for (const auto& app : *apps) {
    if (known.count(app.name) == 0) {
      fresh.push_back(app);
      continue;
    }
    targets.push_back(app.name);
    specs.push_back(AppSpecToJson(app));
  }
  if (!fresh.empty() && targets.empty()) return StartApps(ctx, fresh, false);
  if (!fresh.empty()) {
    auto fresh_specs = nlohmann::json::array();
    for (const auto& f : fresh)
      fresh_specs.push_back(AppSpecToJson(f));
    auto started = ctx.daemon().Call(ipc::kStart, ipc::Args().Set(ipc::arg::kApps, fresh_specs));
    if (!started.ok()) return ctx.Fail(started.status());
  }
  args.Set(ipc::arg::kTargets, targets);
  args.Set(ipc::arg::kSpecs, specs);
  return -1;  // go on with the reload
}

int CmdReload(CommandContext& ctx) {
  const auto targets = ctx.args().List("targets");
  ipc::Args args;
  args.Set(ipc::arg::kTargets, targets);
  if (ctx.args().Flag("update_env")) {
    args.Set(ipc::arg::kEnv, BytesMapToJson(CurrentResolveContext().env));
  }
  if (targets.size() == 1 && IsEcosystemFileTarget(targets[0])) {
    if (Status s = ctx.daemon().Open(); !s.ok()) return ctx.Fail(s);
    if (int rc = ReloadFile(ctx, targets[0], args); rc >= 0) return rc;
  } else if (Status s = OpenDaemon(ctx, targets.front()); !s.ok()) {
    return ctx.Fail(s);
  }
  auto result = ctx.daemon().Call(ipc::kReload, args);
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses((*result)["processes"]);
  for (const auto& name : (*result)["restarted"]) {
    ctx.err() << "tend: " << name.get<std::string>()
              << " has no `listen` socket held by tend: reloaded by a restart\n";
  }
  return ctx.PrintList();
}

}  // namespace tend::cli

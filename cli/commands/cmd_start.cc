// `tend start`: a script or program, an ecosystem file, or an app by name;
// `tend config`: what a file would start; `tend init`: a sample file.
#include <sys/stat.h>

#include <fstream>

#include "cli/app_spec_flags.h"
#include "cli/command_context.h"
#include "cli/commands/ecosystem_file.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "config/app_resolve.h"
#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "config/ecosystem/ecosystem.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

nlohmann::json SpecsToJson(const std::vector<AppSpec>& apps) {
  auto out = nlohmann::json::array();
  for (const auto& a : apps)
    out.push_back(AppSpecToJson(a));
  return out;
}

}  // namespace

int StartApps(CommandContext& ctx, const std::vector<AppSpec>& apps, bool update_existing) {
  if (ctx.args().Flag("dry_run")) {
    ctx.out() << SafeDump(SpecsToJson(apps), 2) << "\n";
    return kExitOk;
  }
  // Without --json the table comes from a `list` afterwards: the reply need not
  // carry every environment (with 100 apps, most of the command's time).
  auto result =
      ctx.daemon().Call(ipc::kStart, ipc::Args()
                                         .Set(ipc::arg::kApps, SpecsToJson(apps))
                                         .Set(ipc::arg::kForce, ctx.args().Flag("force"))
                                         .Set(ipc::arg::kUpdateExisting, update_existing)
                                         .Set(ipc::arg::kBrief, !ctx.args().Flag("json")));
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

namespace {

// `tend start api` where api names a known app (and no such file exists): restart it.
int RestartByName(CommandContext& ctx, const std::string& target, const Status& why) {
  if (Status s = ctx.daemon().OpenForAction(); !s.ok()) return ctx.Fail(why);
  auto result =
      ctx.daemon().Call(ipc::kRestart, ipc::Args()
                                           .Set(ipc::arg::kTargets, {target})
                                           .Set(ipc::arg::kBrief, !ctx.args().Flag("json")));
  if (!result.ok()) {
    if (result.status().code() == Code::kNotFound) return ctx.Fail(why);
    return ctx.Fail(result.status());
  }
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

int StartScript(CommandContext& ctx, const std::string& script) {
  AppSpec spec;
  spec.script = script;
  if (Status s = ApplyStartFlags(ctx.args(), spec); !s.ok()) return ctx.Fail(s);
  if (Status s = ResolveAppSpec(spec, CurrentResolveContext()); !s.ok()) {
    if (s.code() == Code::kNotFound && script.find('/') == std::string::npos) {
      return RestartByName(ctx, script, s);
    }
    return ctx.Fail(s);
  }
  if (ctx.args().Has("log_file") && spec.log_file.empty()) {
    spec.log_file = ctx.daemon().home().logs_dir() + "/" + spec.name + ".log";
  }
  return StartApps(ctx, {spec}, false);
}

int StartFile(CommandContext& ctx, const std::string& path) {
  auto apps = LoadAppsFromFile(ctx, path, true);
  if (!apps.ok()) return ctx.Fail(apps.status());
  return StartApps(ctx, *apps, true);
}

}  // namespace

int CmdStart(CommandContext& ctx) {
  auto target = ctx.args().String("script");
  if (!target) {
    auto found = FindDefaultEcosystem(CurrentResolveContext().cwd);
    if (!found.ok()) {
      return ctx.Fail(Status::InvalidArgument(
          "nothing to start: give a script, a program or an ecosystem file (" +
          found.status().message() + ")"));
    }
    return StartFile(ctx, *found);
  }
  if (IsEcosystemPath(*target)) return StartFile(ctx, *target);
  return StartScript(ctx, *target);
}

int CmdConfig(CommandContext& ctx) {
  auto path = ctx.args().String("file");
  std::string file;
  if (path) {
    file = *path;
  } else {
    auto found = FindDefaultEcosystem(CurrentResolveContext().cwd);
    if (!found.ok()) return ctx.Fail(found.status());
    file = *found;
  }
  auto apps = LoadAppsFromFile(ctx, file, !ctx.args().Flag("no_resolve"));
  if (!apps.ok()) return ctx.Fail(apps.status());
  ctx.out() << SafeDump(SpecsToJson(*apps), 2) << "\n";
  return kExitOk;
}

int CmdInit(CommandContext& ctx) {
  const std::string format = ctx.args().String("format").value_or("yaml");
  auto sample = SampleEcosystem(format);
  if (!sample.ok()) return ctx.Fail(sample.status());
  const std::string name = format == "json" ? "ecosystem.json"
                           : format == "js" ? "ecosystem.config.js"
                                            : "ecosystem.yaml";
  const std::string path = ctx.args().String("path").value_or(name);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !ctx.args().Flag("force")) {
    return ctx.Fail(Status::AlreadyExists(path + " already exists (use -f to overwrite it)"));
  }
  std::ofstream out(path, std::ios::trunc);
  out << *sample;
  if (!out) return ctx.Fail(Status::Io("cannot write " + path));
  ctx.out() << "wrote " << path << "\n";
  return kExitOk;
}

}  // namespace tend::cli

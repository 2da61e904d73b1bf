// `tend start`: a script or program, an ecosystem file, or an app by name.
#include <unistd.h>

#include "cli/app_spec_flags.h"
#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/commands/process_env.h"
#include "cli/exit_codes.h"
#include "config/app_resolve.h"
#include "config/app_spec_json.h"
#include "config/byte_string_json.h"

namespace tend::cli {
namespace {

ResolveContext CliContext() {
  ResolveContext ctx;
  ctx.cwd = CurrentDirectory();
  ctx.env = CurrentEnvironment();
  auto path = ctx.env.find("PATH");
  ctx.path_env = path == ctx.env.end() ? "/usr/local/bin:/usr/bin:/bin" : path->second;
  return ctx;
}

int SendApps(CommandContext& ctx, const std::vector<AppSpec>& apps) {
  if (ctx.args().Flag("dry_run")) {
    auto out = nlohmann::json::array();
    for (const auto& a : apps) out.push_back(AppSpecToJson(a));
    ctx.out() << SafeDump(out, 2) << "\n";
    return kExitOk;
  }
  auto list = nlohmann::json::array();
  for (const auto& a : apps) list.push_back(AppSpecToJson(a));
  auto result = ctx.daemon().Call("start", {{"apps", list}, {"force", ctx.args().Flag("force")}});
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

// `tend start api` where api names a known app (and no such file exists): restart it.
int RestartByName(CommandContext& ctx, const std::string& target, const Status& why) {
  if (Status s = ctx.daemon().OpenExisting(); !s.ok()) return ctx.Fail(why);
  auto result = ctx.daemon().Call("restart", {{"targets", {target}}});
  if (!result.ok()) {
    if (result.status().code() == Code::kNotFound) return ctx.Fail(why);
    return ctx.Fail(result.status());
  }
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

Status ApplyInstances(const ParsedArgs& args, AppSpec& spec) {
  auto text = args.String("instances");
  if (!text) return Status::Ok();
  char* end = nullptr;
  const long n = std::strtol(text->c_str(), &end, 10);
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (*text == "max" || (*end == '\0' && n == 0)) {
    spec.instances = static_cast<int>(cpus);
  } else if (*end == '\0' && n == -1) {
    spec.instances = static_cast<int>(cpus > 1 ? cpus - 1 : 1);
  } else if (*end == '\0' && n > 0 && !text->empty()) {
    spec.instances = static_cast<int>(n);
  } else {
    return Status::InvalidArgument("--instances: '" + *text + "' is not a number, max, 0 or -1");
  }
  return Status::Ok();
}

int StartScript(CommandContext& ctx, const std::string& script) {
  AppSpec spec;
  spec.script = script;
  if (Status s = ApplyStartFlags(ctx.args(), spec); !s.ok()) return ctx.Fail(s);
  if (Status s = ApplyInstances(ctx.args(), spec); !s.ok()) return ctx.Fail(s);
  const ResolveContext rc = CliContext();
  if (Status s = ResolveAppSpec(spec, rc); !s.ok()) {
    if (s.code() == Code::kNotFound && script.find('/') == std::string::npos) {
      return RestartByName(ctx, script, s);
    }
    return ctx.Fail(s);
  }
  return SendApps(ctx, {spec});
}

}  // namespace

int CmdStart(CommandContext& ctx) {
  auto script = ctx.args().String("script");
  if (!script) {
    return ctx.Fail(Status::InvalidArgument(
        "nothing to start: give a script, a program or an ecosystem file"));
  }
  return StartScript(ctx, *script);
}

}  // namespace tend::cli

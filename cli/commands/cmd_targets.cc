// Verbs that act on targets: stop, restart, delete, reset, sendSignal.
#include <unistd.h>

#include "cli/command_context.h"
#include "cli/commands/ecosystem_file.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "config/app_resolve.h"
#include "config/byte_string_json.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

// Targets as given, with each ecosystem file replaced by the apps it names.
Result<std::vector<std::string>> ExpandTargets(CommandContext& ctx) {
  std::vector<std::string> out;
  for (const auto& t : ctx.args().List("targets")) {
    if (!IsEcosystemFileTarget(t)) {
      out.push_back(t);
      continue;
    }
    auto names = AppNamesInFile(ctx, t);
    if (!names.ok()) return names.status();
    out.insert(out.end(), names->begin(), names->end());
  }
  return out;
}

// Runs `cmd` on the targets and prints the table, as PM2 does after an action.
int ActOnTargets(CommandContext& ctx, const ipc::Verb& verb, ipc::Args args) {
  auto targets = ExpandTargets(ctx);
  if (!targets.ok()) return ctx.Fail(targets.status());
  args.Set(ipc::arg::kTargets, *targets);
  args.Set(ipc::arg::kBrief, !ctx.args().Flag("json"));  // without --json a `list` follows
  // An action never starts a daemon just to find nothing in it (but it recovers a crashed one).
  if (Status s = ctx.daemon().OpenForAction(); !s.ok()) {
    if (s.code() == Code::kUnavailable) {
      return ctx.Fail(Status::NotFound("no daemon is running, so nothing matches " +
                                       ctx.args().List("targets").front()));
    }
    return ctx.Fail(s);
  }
  auto result = ctx.daemon().Call(verb, args);
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

}  // namespace

int CmdStop(CommandContext& ctx) {
  return ActOnTargets(ctx, ipc::kStop, {});
}

int CmdRestart(CommandContext& ctx) {
  // `restart <file>` applies the file's config and env to its apps, as PM2 does.
  const auto targets = ctx.args().List("targets");
  if (targets.size() == 1 && IsEcosystemFileTarget(targets[0])) {
    auto apps = LoadAppsFromFile(ctx, targets[0], true);
    if (!apps.ok()) return ctx.Fail(apps.status());
    return StartApps(ctx, *apps, true);
  }
  ipc::Args args;
  if (ctx.args().Flag("update_env")) {
    args.Set(ipc::arg::kEnv, BytesMapToJson(CurrentResolveContext().env));
  }
  return ActOnTargets(ctx, ipc::kRestart, std::move(args));
}

int CmdDelete(CommandContext& ctx) {
  return ActOnTargets(ctx, ipc::kDelete, {});
}

int CmdReset(CommandContext& ctx) {
  return ActOnTargets(ctx, ipc::kReset, {});
}

int CmdSendSignal(CommandContext& ctx) {
  return ActOnTargets(ctx, ipc::kSignal,
                      ipc::Args().Set(ipc::arg::kSignal, ctx.args().String("signal").value_or("")));
}

}  // namespace tend::cli

// Verbs that act on targets: stop, restart, delete, reset, sendSignal.
#include <unistd.h>

#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/commands/process_env.h"
#include "cli/exit_codes.h"
#include "config/byte_string_json.h"

namespace tend::cli {
namespace {

// Runs `cmd` on the targets and prints the table, as PM2 does after an action.
int ActOnTargets(CommandContext& ctx, const std::string& cmd, nlohmann::json args) {
  args["targets"] = ctx.args().List("targets");
  // An action never starts a daemon just to find nothing in it.
  if (Status s = ctx.daemon().OpenExisting(); !s.ok()) {
    if (s.code() == Code::kUnavailable) {
      return ctx.Fail(Status::NotFound("no daemon is running, so nothing matches " +
                                       ctx.args().List("targets").front()));
    }
    return ctx.Fail(s);
  }
  auto result = ctx.daemon().Call(cmd, args);
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

}  // namespace

int CmdStop(CommandContext& ctx) { return ActOnTargets(ctx, "stop", nlohmann::json::object()); }

int CmdRestart(CommandContext& ctx) {
  nlohmann::json args = nlohmann::json::object();
  if (ctx.args().Flag("update_env")) args["env"] = BytesMapToJson(CurrentEnvironment());
  return ActOnTargets(ctx, "restart", std::move(args));
}

int CmdDelete(CommandContext& ctx) { return ActOnTargets(ctx, "delete", nlohmann::json::object()); }

int CmdReset(CommandContext& ctx) { return ActOnTargets(ctx, "reset", nlohmann::json::object()); }

int CmdSendSignal(CommandContext& ctx) {
  return ActOnTargets(ctx, "signal", {{"signal", ctx.args().String("signal").value_or("")}});
}

}  // namespace tend::cli

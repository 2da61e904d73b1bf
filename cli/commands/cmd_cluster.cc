// Verbs of the cluster: scale (instances up or down) and reload (rolling, zero downtime).
#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"

namespace tend::cli {
namespace {

// Actions never start a daemon just to find nothing in it.
Status OpenDaemon(CommandContext& ctx, const std::string& what) {
  Status s = ctx.daemon().OpenExisting();
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
      "scale", {{"name", name}, {"count", ctx.args().String("count").value_or("")}});
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses(*result);
  return ctx.PrintList();
}

int CmdReload(CommandContext& ctx) {
  const auto targets = ctx.args().List("targets");
  if (Status s = OpenDaemon(ctx, targets.front()); !s.ok()) return ctx.Fail(s);
  auto result = ctx.daemon().Call("reload", {{"targets", targets}});
  if (!result.ok()) return ctx.Fail(result.status());
  if (ctx.args().Flag("json")) return ctx.PrintProcesses((*result)["processes"]);
  for (const auto& name : (*result)["restarted"]) {
    ctx.err() << "tend: " << name.get<std::string>()
              << " has no `listen` socket held by tend: reloaded by a restart\n";
  }
  return ctx.PrintList();
}

}  // namespace tend::cli

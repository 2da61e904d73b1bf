// PM2's startOrRestart, startOrReload and startOrGracefulReload: verbs that take
// one ecosystem file and are `restart <file>` / `reload <file>`, which already
// start the file's apps that are not known and restart or reload the others.
#include "cli/command_context.h"
#include "cli/commands/ecosystem_file.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "config/ecosystem/ecosystem.h"

namespace tend::cli {
namespace {

// Runs the file verb `act` once the single positional is known to be a file; a
// name (not a file's) is a usage error, a file that does not exist is a "no".
int OnEcosystemFile(CommandContext& ctx, int (*act)(CommandContext&)) {
  const std::string verb(ctx.spec().name);
  const std::string target = ctx.args().List("targets").front();
  if (IsEcosystemFileTarget(target)) return act(ctx);
  if (IsEcosystemPath(target)) return ctx.Fail(Status::NotFound(target + ": no such file"));
  ctx.err() << "tend " << verb
            << ": takes an ecosystem file (.json, .yaml, .yml, .config.js), not '" << target
            << "'; to restart an app by name use 'tend restart " << target << "'\n";
  return kExitUsage;
}

}  // namespace

int CmdStartOrRestart(CommandContext& ctx) {
  return OnEcosystemFile(ctx, CmdRestart);
}

int CmdStartOrReload(CommandContext& ctx) {
  return OnEcosystemFile(ctx, CmdReload);
}

}  // namespace tend::cli

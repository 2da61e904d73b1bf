// `tend monit [filter] [--readonly]` (alias `dashboard`): the live dashboard, or one
// snapshot as text when stdout is not a terminal or TERM is dumb (as `systemd-cgtop -b -n 1`).
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/monit/monit_session.h"

namespace tend::cli {

int CmdMonit(CommandContext& ctx) {
  MonitSession session(ctx, ctx.args().String("filter").value_or(""), ctx.args().Flag("readonly"));
  const char* term = std::getenv("TERM");
  const bool dumb = term == nullptr || *term == '\0' || std::strcmp(term, "dumb") == 0;
  if (dumb || !::isatty(STDOUT_FILENO) || !::isatty(STDIN_FILENO)) return session.PrintOnce();
  return session.Run();
}

}  // namespace tend::cli

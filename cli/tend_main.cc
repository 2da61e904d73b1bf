// tend: the CLI. Everything lives in tend_cli; main only hands over argv.
#include <signal.h>

#include "cli/command_table.h"

int main(int argc, char** argv) {
  // `tend list | head` must end quietly, not die of SIGPIPE mid-write.
  ::signal(SIGPIPE, SIG_IGN);
  return tend::cli::RunCli(argc, argv);
}

// tend: the CLI. Everything lives in tend_cli; main only hands over argv.
#include <signal.h>

#include <iostream>

#include "cli/command_table.h"
#include "cli/run_guarded.h"

int main(int argc, char** argv) {
  // `tend list | head` must end quietly, not die of SIGPIPE mid-write.
  ::signal(SIGPIPE, SIG_IGN);
  return tend::cli::RunGuarded([&] { return tend::cli::RunCli(argc, argv); }, std::cerr);
}

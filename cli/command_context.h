#pragma once
// CommandContext: what a verb's handler works with: its parsed arguments, the
// daemon connection (opened on first use), the terminal and the output streams.
// Also the one place where a Status becomes a message and an exit code.

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command_spec.h"
#include "cli/daemon_connection.h"
#include "cli/terminal.h"
#include "config/status.h"

namespace tend::cli {

class CommandContext {
 public:
  CommandContext(const CommandSpec& spec, ParsedArgs args, HomeLayout home);

  const CommandSpec& spec() const { return spec_; }
  const ParsedArgs& args() const { return args_; }
  DaemonConnection& daemon() { return daemon_; }
  const TerminalInfo& terminal() const { return terminal_; }
  std::ostream& out() { return std::cout; }
  std::ostream& err() { return std::cerr; }

  // Prints "tend: <message>" and returns the exit code for its kind (docs/cli.md).
  int Fail(const Status& status);
  // The process table after an action, as PM2 prints it; JSON with --json.
  int PrintProcesses(const nlohmann::json& processes);
  // Asks the daemon for the list and prints it.
  int PrintList();

 private:
  const CommandSpec& spec_;
  ParsedArgs args_;
  DaemonConnection daemon_;
  TerminalInfo terminal_;
};

int ExitCodeFor(const Status& status);

}  // namespace tend::cli

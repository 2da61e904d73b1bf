#pragma once
// The CLI's command table: every verb tend knows, one row each, and the
// dispatcher that finds the row (or suggests the closest verbs) and runs it.

#include <string>
#include <string_view>
#include <vector>

#include "cli/command_spec.h"

namespace tend::cli {

const std::vector<CommandSpec>& Commands();
const CommandSpec* FindCommand(std::string_view name);
// Verbs within a small edit distance of `name`, closest first.
std::vector<std::string> SuggestCommands(std::string_view name);

// The whole CLI: returns the process exit code.
int RunCli(int argc, char** argv);

}  // namespace tend::cli

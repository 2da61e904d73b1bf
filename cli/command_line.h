#pragma once
// Parsing one verb's arguments with CLI11 (the only translation unit that
// includes it), from a CommandSpec row.

#include <string>
#include <vector>

#include "cli/command_spec.h"
#include "config/status.h"

namespace tend::cli {

struct ParseOutcome {
  ParsedArgs args;
  bool help_shown = false;  // --help was asked and printed
};

// `args` are the words after the verb. Splits at the first `--` before CLI11
// sees them (CLI11 2.1 mixes the two sides up). A usage error is
// InvalidArgument with CLI11's message.
Result<ParseOutcome> ParseCommandLine(const CommandSpec& spec,
                                      const std::vector<std::string>& args);

// The help text of one verb, as `tend <verb> --help` prints it.
std::string CommandHelp(const CommandSpec& spec);

}  // namespace tend::cli

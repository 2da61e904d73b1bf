#pragma once
// `tend start` flags, derived from the app option table: the flags themselves
// (every row with a `flag`) and how the values given land in an AppSpec. Only
// flags the user gave change the spec.

#include <vector>

#include "cli/command_spec.h"
#include "config/app_spec.h"
#include "config/status.h"

namespace tend::cli {

// One FlagSpec per app option that has a flag, keyed by the option's key.
std::vector<FlagSpec> AppOptionFlags();

// REQUIRES: `args` parsed with AppOptionFlags() (whole numbers already checked;
// they are read again, with the same range, for callers that build ParsedArgs).
Status ApplyStartFlags(const ParsedArgs& args, AppSpec& spec);

}  // namespace tend::cli

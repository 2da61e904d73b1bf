#pragma once
// `tend start` flags -> AppSpec overrides. Only flags the user gave change the
// spec, so the same function serves a bare script and an ecosystem file.

#include "cli/command_spec.h"
#include "config/app_spec.h"
#include "config/status.h"

namespace tend::cli {

Status ApplyStartFlags(const ParsedArgs& args, AppSpec& spec);

}  // namespace tend::cli

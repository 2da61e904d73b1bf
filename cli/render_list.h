#pragma once
// `tend list`: the process table, fitted to the terminal. See docs/cli-output.md
// for the columns, the order in which they are dropped when space runs out, the
// plain (non-TTY) layout and colours.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/terminal.h"

namespace tend::cli {

// `processes` is the daemon's `list` answer (an array of process objects; any
// other value renders as an empty list). Rows keep the order given. Never
// throws; never returns a line wider than term.columns (unless unlimited).
// The result ends with a newline.
std::string RenderProcessTable(const nlohmann::json& processes, const TerminalInfo& term,
                               int64_t now_ms);

}  // namespace tend::cli

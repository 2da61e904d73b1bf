#pragma once
// RunGuarded: the CLI's last line of defence. Everything below returns a Status;
// an exception that still gets out (a bug, or out of memory) must not end tend
// in std::terminate's abort and core dump, but as an error a user can report.

#include <functional>
#include <iosfwd>

namespace tend::cli {

// Returns what `run` returns; if it throws, writes "tend: internal error: <what>"
// to `err` and returns kExitSystem (3).
int RunGuarded(const std::function<int()>& run, std::ostream& err);

}  // namespace tend::cli

#pragma once
// The value syntaxes of ecosystem options, each a pure function that returns the
// value or a message saying what is wrong with the text (no file or key: the
// caller adds those). Shared by every format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace tend::ecosystem {

// "500ms", "5s", "1.5m", "2h", "1d" or a plain number of milliseconds.
Result<int64_t> ParseDurationMs(std::string_view text);

// "300M", "1G", "10K", "512" (bytes); K = 1024 as in PM2; an optional B ("1GB").
Result<int64_t> ParseSizeBytes(std::string_view text);

// Splits a command line as a POSIX shell would, without expansions: whitespace
// separates, quotes group, backslash escapes. An unterminated quote is an error.
Result<std::vector<std::string>> SplitShellWords(std::string_view text);

// A cron expression as PM2's cron library takes it: 5 fields (minute hour
// day-of-month month day-of-week) or 6 (seconds first), lists, ranges, steps,
// month and weekday names, or a nickname (@daily, @hourly, ...).
Status CheckCronExpression(std::string_view text);

// "SIGTERM", "TERM" or "sigterm" -> "SIGTERM"; unknown names are an error.
Result<std::string> NormalizeSignalName(std::string_view text);

}  // namespace tend::ecosystem

#pragma once
// How a line is written into a log file: raw bytes (optionally prefixed with a
// timestamp, as PM2's `time`/`log_date_format`) or one JSON object per line (PM2's
// `log_type: json`). Pure; never throws (invalid UTF-8 is replaced in JSON only).

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/logs/log_line.h"

namespace tend {

struct LogFormat {
  // Prefix each line with "<date>: ". Also implied by a non-empty date_format.
  bool time = false;
  // PM2/dayjs tokens: YYYY YY MM M DD D HH H hh h mm m ss s SSS Z ZZ A a, and
  // [literal text]. Default ("" with time): kIsoDateFormat, in local time.
  std::string date_format;
  bool json = false;
  std::string app_name;  // json only
};

// True when a line is written exactly as it came (no prefix, not JSON): the
// file then gets the child's bytes unchanged.
inline bool IsRaw(const LogFormat& format) {
  return !format.json && !format.time && format.date_format.empty();
}

// ISO 8601 with milliseconds and the local UTC offset: 2026-11-26T10:32:05.123+01:00
inline constexpr std::string_view kIsoDateFormat = "YYYY-MM-DDTHH:mm:ss.SSSZ";

// Formats a Unix time in milliseconds in local time (UTC when `utc`).
std::string FormatDate(std::string_view format, int64_t unix_ms, bool utc = false);

// Appends the bytes representing `line` in a file to `out`: the '\n' is written
// for kNewline and kEof pieces (so the next line starts on its own line) but not
// after a kCapped piece (so a long line is reassembled byte for byte); the time
// prefix goes before the first piece of a line only. In JSON every piece is one
// object on its own line.
void AppendFormattedLine(const LogFormat& format, const LogLineRef& line, std::string* out);

}  // namespace tend

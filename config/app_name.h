#pragma once
// The rules an app name obeys wherever one enters tend: an ecosystem file, `--name` (or a
// script's basename), and the daemon's `start` over the socket, so a client that skips
// the CLI cannot create an app that no command can target (docs/ecosystem.md "name").

#include <cstddef>
#include <string>
#include <string_view>

#include "config/status.h"

namespace tend {

// Longest app name, in bytes. Why 128: the name is part of its log files' names
// (`<name>-error-<id>.log`, and rotation adds `__YYYY-MM-DD_HH-MM-SS`), which must stay
// under NAME_MAX (255); it is a column of `tend ls`; and a /regex/ target scans every name.
inline constexpr size_t kMaxAppNameBytes = 128;

// Ok, or InvalidArgument saying why, with the name quoted and escaped (EscapeControlChars;
// cut after 40 bytes when too long). Refused: what CheckSafeName refuses (empty, '/',
// "..", NUL), longer than kMaxAppNameBytes, all digits (an id would win: `tend stop 12`
// means id 12), `all`, control characters (newline, CR, ESC...: they break log lines,
// log file names and the user's terminal), and bytes that are not UTF-8 (a Latin-1 file's
// "café" would reach the daemon as "caf\uFFFD").
Status CheckAppName(std::string_view name);

// `name` as an error message quotes it: escaped, cut after `max` bytes.
std::string QuoteName(std::string_view name, size_t max = 40);

}  // namespace tend

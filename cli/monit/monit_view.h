#pragma once
// The pieces of `tend monit`'s screen as text, with no terminal: a bar, a sparkline, the
// host lines, a process row and the one-shot snapshot printed when stdout is no terminal.
// MonitScreen puts them on the terminal; tests read them as strings.

#include <string>
#include <vector>

#include "cli/monit/monit_model.h"

namespace tend::cli {

// `[||||      42%]` `width` columns wide, the bar filled to `percent` of its inside.
std::string Bar(double percent, int width, const std::string& label);
// The last `width` values as block characters (UTF-8) or, without `utf8`, as " .:-=+*#%@";
// scaled to `max` (the largest value when max <= 0).
std::string Sparkline(const std::deque<double>& values, size_t width, double max, bool utf8);
// The host: CPU of all and of each core, memory, swap, load and uptime, to fit `columns`.
std::vector<std::string> HostLines(const MonitHost& host, int columns);
// The process table's header and one row, to fit `columns` (the sparkline takes the rest).
std::string TableHeader(int columns);
std::string ProcessRow(const MonitProcess& p, int64_t now_ms, int columns, bool utf8);
// The selected process in one line: its pid, restarts and why it last restarted, and its
// memory against its limit.
std::string DetailsLine(const MonitProcess& p);
// A `logs` event frame as the log pane shows it: the line with control characters escaped,
// "err| " before a stderr line; a frame that is not one is shown as it is.
std::string LogEventText(const std::string& frame);
// What the screen shows, once, as plain text (`tend monit` through a pipe, TERM=dumb).
std::string SnapshotText(const MonitModel& model, int columns);

}  // namespace tend::cli

#pragma once
// LogLine: one line (or one piece of an over-long line) read from a managed
// process's stdout or stderr, as handed to the ring, the subscribers and the
// formatter. `text` holds the raw bytes without the '\n' (a '\r' is kept).

#include <cstdint>
#include <string>
#include <string_view>

namespace tend {

enum class LogStream { kOut, kErr };

// How a piece of output ended.
enum class LineEnd {
  kNewline,  // a '\n' ended it (not included in the text)
  kCapped,   // the line reached the size cap; the next piece of the stream continues it
  kEof,      // the stream ended without a final '\n'
};

// A line whose text is borrowed (from the read buffer, or from a ring): what
// the pipeline hands around, so that a line costs no allocation unless someone
// keeps it. Valid only as long as the text it points into.
struct LogLineRef {
  LogStream stream = LogStream::kOut;
  std::string_view text;
  LineEnd end = LineEnd::kNewline;
  bool continuation = false;  // true when this piece continues a kCapped piece
  int64_t timestamp_ms = 0;   // Unix time in milliseconds when the daemon read it
  int process_id = 0;
};

// A line that owns its text: what a ring hands out for `tend logs --lines`.
struct LogLine {
  LogStream stream = LogStream::kOut;
  std::string text;
  LineEnd end = LineEnd::kNewline;
  bool continuation = false;
  int64_t timestamp_ms = 0;
  int process_id = 0;

  LogLineRef ref() const { return {stream, text, end, continuation, timestamp_ms, process_id}; }
  static LogLine Copy(const LogLineRef& r) {
    return {r.stream, std::string(r.text), r.end, r.continuation, r.timestamp_ms, r.process_id};
  }
};

// Lines of one stream that arrived together, borrowed: `text` holds them joined
// by '\n' (one line: no '\n'; a line's own text never holds one). Every line but
// the last ended with '\n'; the last ended as `last_end` says; only the first may
// continue a capped piece. A flood's read is one run, whatever its line count,
// so that nothing has to look at each line unless someone asks for lines.
struct LogLineRun {
  LogStream stream = LogStream::kOut;
  std::string_view text;
  LineEnd last_end = LineEnd::kNewline;
  bool first_continues = false;
  int64_t timestamp_ms = 0;
  int process_id = 0;

  static LogLineRun Of(const LogLineRef& line) {
    return {line.stream,       line.text,         line.end,
            line.continuation, line.timestamp_ms, line.process_id};
  }
};

// Calls f(const LogLineRef&) for each line of `run`, oldest first.
template <typename F>
void ForEachLine(const LogLineRun& run, F&& f) {
  std::string_view rest = run.text;
  bool first = true;
  for (;;) {
    const size_t newline = rest.find('\n');
    const bool last = newline == std::string_view::npos;
    f(LogLineRef{run.stream, last ? rest : rest.substr(0, newline),
                 last ? run.last_end : LineEnd::kNewline, first && run.first_continues,
                 run.timestamp_ms, run.process_id});
    if (last) return;
    rest.remove_prefix(newline + 1);
    first = false;
  }
}

// "out" or "err", as PM2's json logs and `tend logs` spell them.
std::string_view StreamName(LogStream stream);

}  // namespace tend

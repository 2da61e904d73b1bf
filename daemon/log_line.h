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

struct LogLine {
  LogStream stream = LogStream::kOut;
  std::string text;
  LineEnd end = LineEnd::kNewline;
  bool continuation = false;  // true when this piece continues a kCapped piece
  int64_t timestamp_ms = 0;   // Unix time in milliseconds when the daemon read it
  int process_id = 0;
};

// "out" or "err", as PM2's json logs and `tend logs` spell them.
std::string_view StreamName(LogStream stream);

}  // namespace tend

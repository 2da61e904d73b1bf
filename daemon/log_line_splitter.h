#pragma once
// LineSplitter: turns the chunks read from a pipe into lines. A partial line is
// held until its '\n' arrives, until it reaches the cap (then it is emitted in
// consecutive pieces of exactly `max_line` bytes, so no byte is lost or changed
// and memory stays bounded), or until Finish() at end of stream. Bytes are
// opaque: no UTF-8 check, '\r' kept. Pure: no I/O.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "daemon/log_line.h"

namespace tend {

class LineSplitter {
 public:
  static constexpr size_t kDefaultMaxLine = 64 * 1024;
  // Receives each line or piece; `text` is valid only during the call.
  using Sink = std::function<void(std::string_view text, LineEnd end)>;

  // REQUIRES: max_line > 0.
  explicit LineSplitter(size_t max_line = kDefaultMaxLine) : max_line_(max_line) {}

  void Feed(std::string_view data, const Sink& sink);
  // Emits what is held as a kEof piece; also ends a line whose last piece was
  // capped (an empty kEof piece) so that a writer can terminate it.
  void Finish(const Sink& sink);

  size_t held_bytes() const { return held_.size(); }

 private:
  void Emit(std::string_view text, LineEnd end, const Sink& sink);

  size_t max_line_;
  std::string held_;
  bool continuing_ = false;  // the last emitted piece was capped
};

}  // namespace tend

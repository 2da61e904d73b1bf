#pragma once
// LineSplitter: turns the chunks read from a pipe into lines. A partial line is
// held until its '\n' arrives, until it reaches the cap (then it is emitted in
// consecutive pieces of exactly `max_line` bytes, so no byte is lost or changed
// and memory stays bounded), or until Finish() at end of stream. Bytes are
// opaque: no UTF-8 check, '\r' kept. Pure: no I/O.
//
// The sink is a template parameter, not a std::function: it runs for every line
// of a flood. Each text it receives stays valid until the next Feed or Finish,
// so a caller may gather the lines of one chunk and hand them on together.

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/logs/log_line.h"

namespace tend {

class LineSplitter {
 public:
  static constexpr size_t kDefaultMaxLine = 64 * 1024;

  // REQUIRES: max_line > 0.
  explicit LineSplitter(size_t max_line = kDefaultMaxLine) : max_line_(max_line) {}

  // Calls sink(std::string_view text, LineEnd end) for each line or piece.
  template <typename Sink>
  void Feed(std::string_view data, Sink&& sink);
  // Emits what is held as a kEof piece; also ends a line whose last piece was
  // capped (an empty kEof piece) so that a writer can terminate it.
  template <typename Sink>
  void Finish(Sink&& sink);

  size_t held_bytes() const { return held_.size(); }

 private:
  template <typename Sink>
  void Emit(std::string_view text, LineEnd end, Sink& sink) {
    continuing_ = end == LineEnd::kCapped;
    sink(text, end);
  }
  // Moves the held bytes to emitted_ (valid until the next call) and emits them.
  template <typename Sink>
  void EmitHeld(LineEnd end, Sink& sink) {
    emitted_.swap(held_);
    held_.clear();
    Emit(emitted_, end, sink);
  }

  size_t max_line_;
  std::string held_;
  std::string emitted_;      // the last line completed from held_ bytes
  bool continuing_ = false;  // the last emitted piece was capped
};

template <typename Sink>
void LineSplitter::Feed(std::string_view data, Sink&& sink) {
  while (!data.empty()) {
    const size_t room = max_line_ - held_.size();
    const size_t newline = data.find('\n');
    if (newline != std::string_view::npos && newline <= room) {
      if (held_.empty()) {
        Emit(data.substr(0, newline), LineEnd::kNewline, sink);
      } else {
        held_.append(data.data(), newline);
        EmitHeld(LineEnd::kNewline, sink);
      }
      data.remove_prefix(newline + 1);
    } else if (data.size() <= room) {
      // No '\n' within the cap and everything fits: wait for more.
      held_.append(data.data(), data.size());
      return;
    } else if (held_.empty()) {
      Emit(data.substr(0, room), LineEnd::kCapped, sink);
      data.remove_prefix(room);
    } else {
      held_.append(data.data(), room);
      EmitHeld(LineEnd::kCapped, sink);
      data.remove_prefix(room);
    }
  }
}

template <typename Sink>
void LineSplitter::Finish(Sink&& sink) {
  if (held_.empty() && !continuing_) return;
  EmitHeld(LineEnd::kEof, sink);
  continuing_ = false;
}

}  // namespace tend

#include "daemon/log_line_splitter.h"

namespace tend {

std::string_view StreamName(LogStream stream) {
  return stream == LogStream::kOut ? "out" : "err";
}

void LineSplitter::Emit(std::string_view text, LineEnd end, const Sink& sink) {
  continuing_ = end == LineEnd::kCapped;
  sink(text, end);
}

void LineSplitter::Feed(std::string_view data, const Sink& sink) {
  while (!data.empty()) {
    const size_t room = max_line_ - held_.size();
    const size_t newline = data.find('\n');
    if (newline != std::string_view::npos && newline <= room) {
      if (held_.empty()) {
        Emit(data.substr(0, newline), LineEnd::kNewline, sink);
      } else {
        held_.append(data.data(), newline);
        Emit(held_, LineEnd::kNewline, sink);
        held_.clear();
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
      Emit(held_, LineEnd::kCapped, sink);
      held_.clear();
      data.remove_prefix(room);
    }
  }
}

void LineSplitter::Finish(const Sink& sink) {
  if (held_.empty() && !continuing_) return;
  std::string rest;
  rest.swap(held_);
  Emit(rest, LineEnd::kEof, sink);
  continuing_ = false;
}

}  // namespace tend

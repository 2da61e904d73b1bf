#include "daemon/log_ring.h"

#include <utility>

namespace tend {

void LogRing::Push(LogLine line) {
  if (!lines_) lines_ = std::make_unique<std::deque<LogLine>>();
  auto& lines = *lines_;
  bytes_ += line.text.size();
  lines.push_back(std::move(line));
  while (lines.size() > 1 && (lines.size() > max_lines_ || bytes_ > max_bytes_)) {
    bytes_ -= lines.front().text.size();
    lines.pop_front();
  }
}

std::vector<LogLine> LogRing::Last(size_t count) const {
  if (!lines_) return {};
  const size_t n = count < lines_->size() ? count : lines_->size();
  return std::vector<LogLine>(lines_->end() - static_cast<std::ptrdiff_t>(n), lines_->end());
}

void LogRing::Clear() {
  lines_.reset();
  bytes_ = 0;
}

}  // namespace tend

#include "daemon/log_ring.h"

#include <utility>

namespace tend {

void LogRing::Push(LogLine line) {
  bytes_ += line.text.size();
  lines_.push_back(std::move(line));
  while (lines_.size() > 1 && (lines_.size() > max_lines_ || bytes_ > max_bytes_)) {
    bytes_ -= lines_.front().text.size();
    lines_.pop_front();
  }
}

std::vector<LogLine> LogRing::Last(size_t count) const {
  const size_t n = count < lines_.size() ? count : lines_.size();
  return std::vector<LogLine>(lines_.end() - static_cast<std::ptrdiff_t>(n), lines_.end());
}

void LogRing::Clear() {
  lines_.clear();
  bytes_ = 0;
}

}  // namespace tend

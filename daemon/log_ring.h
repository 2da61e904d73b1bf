#pragma once
// LogRing: the most recent lines of one process, for `tend logs --lines N`.
// Bounded both in lines and in bytes of text: the oldest lines are evicted
// first; the newest line is always kept even when it alone exceeds the bytes.
// Holds no memory until the first line (most supervised processes say little).

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include "daemon/log_line.h"

namespace tend {

class LogRing {
 public:
  static constexpr size_t kDefaultMaxLines = 1000;
  static constexpr size_t kDefaultMaxBytes = 1024 * 1024;

  explicit LogRing(size_t max_lines = kDefaultMaxLines, size_t max_bytes = kDefaultMaxBytes)
      : max_lines_(max_lines), max_bytes_(max_bytes) {}

  void Push(LogLine line);
  // The last `count` lines (fewer if the ring holds fewer), oldest first.
  std::vector<LogLine> Last(size_t count) const;
  size_t size() const { return lines_ ? lines_->size() : 0; }
  size_t bytes() const { return bytes_; }
  void Clear();

 private:
  size_t max_lines_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  // A std::deque allocates ~600 bytes as soon as it is constructed.
  std::unique_ptr<std::deque<LogLine>> lines_;
};

}  // namespace tend

#pragma once
// LogRing: the most recent lines of one process, for `tend logs --lines N`.
// Bounded both in lines and in bytes of text: the oldest lines are evicted
// first; the newest line is always kept even when it alone exceeds the bytes.
// A line costs no allocation of its own: texts share one byte arena (compacted
// when its dead front outgrows the live part) and the line records sit in a
// circular array, since a busy process pushes millions of lines. Holds no
// memory until the first line (most supervised processes say little).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/log_line.h"

namespace tend {

class LogRing {
 public:
  static constexpr size_t kDefaultMaxLines = 1000;
  static constexpr size_t kDefaultMaxBytes = 1024 * 1024;

  explicit LogRing(size_t max_lines = kDefaultMaxLines, size_t max_bytes = kDefaultMaxBytes)
      : max_lines_(max_lines > 0 ? max_lines : 1), max_bytes_(max_bytes) {}

  void Push(const LogLineRef& line);
  void Push(const std::vector<LogLineRef>& lines);
  // The last `count` lines (fewer if the ring holds fewer), oldest first.
  std::vector<LogLine> Last(size_t count) const;
  size_t size() const { return count_; }
  size_t bytes() const { return bytes_; }
  void Clear();

 private:
  // A line without its text; `begin` counts from the first byte ever pushed.
  struct Record {
    uint64_t begin = 0;
    uint32_t size = 0;
    LogStream stream = LogStream::kOut;
    LineEnd end = LineEnd::kNewline;
    bool continuation = false;
    int64_t timestamp_ms = 0;
    int process_id = 0;
  };

  // The slot of the i-th held line (no division: this runs for every line).
  size_t Slot(size_t i) const {
    const size_t slot = first_ + i;
    return slot < records_.size() ? slot : slot - records_.size();
  }
  const Record& At(size_t i) const { return records_[Slot(i)]; }
  void MakeRoomForRecord();
  void EvictOldest();
  void CompactArena();

  size_t max_lines_;
  size_t max_bytes_;
  size_t bytes_ = 0;  // text bytes of the lines held
  std::vector<Record> records_;
  size_t first_ = 0;
  size_t count_ = 0;
  std::string arena_;        // texts of the held lines, oldest first, after a dead front
  uint64_t arena_base_ = 0;  // the absolute position of arena_[0]
};

}  // namespace tend

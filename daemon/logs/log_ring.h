#pragma once
// LogRing: the most recent lines of one process, for `tend logs --lines N`.
// Holds runs (the lines of one read, as they were pushed) and evicts the oldest
// whole while the rest still hold max_lines lines, or while the bytes of text
// exceed max_bytes; the newest run is always kept. So it holds at least the
// newest max_lines lines that fit, and at most one run more. A flood pushes one
// run per read (64 KiB of lines at most): a push costs one copy into a byte
// arena (compacted when its dead front outgrows the live part), one record in a
// circular array and a count of its newlines, whatever its line count; lines
// are only split when Last() asks for them. Holds no memory until the first
// push (most supervised processes say little).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/logs/log_line.h"

namespace tend {

class LogRing {
 public:
  static constexpr size_t kDefaultMaxLines = 1000;
  static constexpr size_t kDefaultMaxBytes = 1024 * 1024;

  explicit LogRing(size_t max_lines = kDefaultMaxLines, size_t max_bytes = kDefaultMaxBytes)
      : max_lines_(max_lines > 0 ? max_lines : 1), max_bytes_(max_bytes) {}

  void Push(const LogLineRun& run);
  void Push(const std::vector<LogLineRun>& runs);
  // REQUIRES: the text holds no '\n' (as every line the splitter makes).
  void Push(const LogLineRef& line) { Push(LogLineRun::Of(line)); }
  // The last `count` lines (fewer if the ring holds fewer), oldest first.
  std::vector<LogLine> Last(size_t count) const;
  // Lines held.
  size_t size() const { return lines_; }
  // Bytes of text held (a run's separators included).
  size_t bytes() const { return bytes_; }
  void Clear();

 private:
  // A run without its text; `begin` counts from the first byte ever pushed.
  struct Record {
    uint64_t begin = 0;
    uint32_t size = 0;
    uint32_t lines = 0;
    LogStream stream = LogStream::kOut;
    LineEnd last_end = LineEnd::kNewline;
    bool first_continues = false;
    int64_t timestamp_ms = 0;
    int process_id = 0;
  };

  // The slot of the i-th held run (no division: this runs for every push).
  size_t Slot(size_t i) const {
    const size_t slot = first_ + i;
    return slot < records_.size() ? slot : slot - records_.size();
  }
  LogLineRun RunAt(size_t i) const;
  void MakeRoomForRecord();
  bool OldestCanGo() const;
  void EvictOldest();
  void CompactArena();

  size_t max_lines_;
  size_t max_bytes_;
  size_t lines_ = 0;  // lines of the runs held
  size_t bytes_ = 0;  // text bytes of the runs held
  std::vector<Record> records_;
  size_t first_ = 0;
  size_t count_ = 0;         // runs held
  std::string arena_;        // texts of the held runs, oldest first, after a dead front
  uint64_t arena_base_ = 0;  // the absolute position of arena_[0]
};

}  // namespace tend

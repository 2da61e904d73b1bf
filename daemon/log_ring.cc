#include "daemon/log_ring.h"

#include <algorithm>

namespace tend {

void LogRing::Push(const LogLineRef& line) {
  MakeRoomForRecord();
  Record record;
  record.begin = arena_base_ + arena_.size();
  record.size = static_cast<uint32_t>(line.text.size());
  record.stream = line.stream;
  record.end = line.end;
  record.continuation = line.continuation;
  record.timestamp_ms = line.timestamp_ms;
  record.process_id = line.process_id;
  arena_.append(line.text.data(), line.text.size());
  records_[Slot(count_)] = record;
  ++count_;
  bytes_ += record.size;
  while (count_ > 1 && bytes_ > max_bytes_)
    EvictOldest();
  CompactArena();
}

void LogRing::Push(const std::vector<LogLineRef>& lines) {
  for (const LogLineRef& line : lines)
    Push(line);
}

// Grows the circular array by doubling up to max_lines_; once it is full at
// that size the oldest line gives its slot to the new one.
void LogRing::MakeRoomForRecord() {
  if (count_ < records_.size()) return;
  if (records_.size() >= max_lines_) {
    EvictOldest();
    return;
  }
  std::rotate(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(first_),
              records_.end());
  first_ = 0;
  records_.resize(std::min(max_lines_, std::max<size_t>(16, records_.size() * 2)));
}

void LogRing::EvictOldest() {
  bytes_ -= records_[first_].size;
  first_ = first_ + 1 == records_.size() ? 0 : first_ + 1;
  --count_;
}

// Drops the texts of evicted lines once they take more room than the live ones,
// so the arena stays under twice the bytes held (plus one line).
void LogRing::CompactArena() {
  const uint64_t live_begin = count_ > 0 ? records_[first_].begin : arena_base_ + arena_.size();
  const size_t dead = static_cast<size_t>(live_begin - arena_base_);
  if (dead == 0 || dead < arena_.size() - dead) return;
  arena_.erase(0, dead);
  arena_base_ = live_begin;
}

std::vector<LogLine> LogRing::Last(size_t count) const {
  const size_t n = std::min(count, count_);
  std::vector<LogLine> lines;
  lines.reserve(n);
  for (size_t i = count_ - n; i < count_; ++i) {
    const Record& r = At(i);
    const std::string_view text(arena_.data() + (r.begin - arena_base_), r.size);
    lines.push_back(
        LogLine::Copy({r.stream, text, r.end, r.continuation, r.timestamp_ms, r.process_id}));
  }
  return lines;
}

void LogRing::Clear() {
  std::vector<Record>().swap(records_);
  std::string().swap(arena_);
  arena_base_ = 0;
  first_ = 0;
  count_ = 0;
  bytes_ = 0;
}

}  // namespace tend

#include "daemon/log_ring.h"

#include <algorithm>

namespace tend {

namespace {

size_t LinesIn(std::string_view text) {
  return 1 + static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

void LogRing::Push(const LogLineRun& run) {
  MakeRoomForRecord();
  Record record;
  record.begin = arena_base_ + arena_.size();
  record.size = static_cast<uint32_t>(run.text.size());
  record.stream = run.stream;
  record.last_end = run.last_end;
  record.first_continues = run.first_continues;
  record.timestamp_ms = run.timestamp_ms;
  record.process_id = run.process_id;
  arena_.append(run.text.data(), run.text.size());
  records_[Slot(count_)] = record;
  ++count_;
  bytes_ += record.size;
  while (count_ > 1 && bytes_ > max_bytes_)
    EvictOldest();
  CompactArena();
}

void LogRing::Push(const std::vector<LogLineRun>& runs) {
  for (const LogLineRun& run : runs)
    Push(run);
}

// Grows the circular array by doubling up to max_runs_; once it is full at
// that size the oldest run gives its slot to the new one.
void LogRing::MakeRoomForRecord() {
  if (count_ < records_.size()) return;
  if (records_.size() >= max_runs_) {
    EvictOldest();
    return;
  }
  std::rotate(records_.begin(), records_.begin() + static_cast<std::ptrdiff_t>(first_),
              records_.end());
  first_ = 0;
  records_.resize(std::min(max_runs_, std::max<size_t>(16, records_.size() * 2)));
}

void LogRing::EvictOldest() {
  bytes_ -= records_[first_].size;
  first_ = first_ + 1 == records_.size() ? 0 : first_ + 1;
  --count_;
}

// Drops the texts of evicted runs once they take more room than the live ones,
// so the arena stays under twice the bytes held (plus one run).
void LogRing::CompactArena() {
  const uint64_t live_begin = count_ > 0 ? records_[first_].begin : arena_base_ + arena_.size();
  const size_t dead = static_cast<size_t>(live_begin - arena_base_);
  if (dead == 0 || dead < arena_.size() - dead) return;
  arena_.erase(0, dead);
  arena_base_ = live_begin;
}

LogLineRun LogRing::RunAt(size_t i) const {
  const Record& r = records_[Slot(i)];
  return {r.stream,       std::string_view(arena_.data() + (r.begin - arena_base_), r.size),
          r.last_end,     r.first_continues,
          r.timestamp_ms, r.process_id};
}

std::vector<LogLine> LogRing::Last(size_t count) const {
  std::vector<LogLine> lines;
  // The newest runs that hold `count` lines, then their lines in order, minus
  // the surplus at the front.
  size_t first_run = count_;
  size_t found = 0;
  while (first_run > 0 && found < count)
    found += LinesIn(RunAt(--first_run).text);
  size_t skip = found > count ? found - count : 0;
  lines.reserve(found - skip);
  for (size_t i = first_run; i < count_; ++i) {
    ForEachLine(RunAt(i), [&](const LogLineRef& line) {
      if (skip > 0) {
        --skip;
      } else {
        lines.push_back(LogLine::Copy(line));
      }
    });
  }
  return lines;
}

size_t LogRing::size() const {
  size_t lines = 0;
  for (size_t i = 0; i < count_; ++i)
    lines += LinesIn(RunAt(i).text);
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

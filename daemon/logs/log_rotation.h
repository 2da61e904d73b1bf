#pragma once
// File-level rotation steps for LogFile. The naming is a format (docs/logs.md):
//   <dir>/<stem>__<YYYY-MM-DD_HH-mm-ss-SSS>_<seq>.<ext>[.gz]   (UTC, seq 4+ digits)
// so names sort by age and several rotations in one millisecond never collide.
// The functions that touch the disk block: call them from the thread pool only.

#include <cstdint>
#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

struct RotationOptions {
  int64_t max_size = 0;   // rotate once the file reaches this many bytes; 0 = never
  std::string interval;   // "" | "hourly" | "daily" (local time boundaries)
  int retain = 0;         // rotated files kept (oldest removed first); 0 = keep all
  bool compress = false;  // gzip rotated files, off the loop
};

// Checks `interval`; InvalidArgument for anything but "", "hourly", "daily".
Status CheckRotateInterval(const std::string& interval);

// The name a rotation of `path` at `unix_ms` with `sequence` gets (not compressed).
std::string RotatedName(const std::string& path, int64_t unix_ms, uint64_t sequence);

// Identifies the interval period containing `unix_ms` (local time): equal keys
// mean the same hour/day. 0 when `interval` is "".
int64_t RotationPeriod(const std::string& interval, int64_t unix_ms);
// Milliseconds from `unix_ms` to the start of the next local hour (+ a little).
int64_t MillisToNextHour(int64_t unix_ms);

// Blocking. Renames `path` to a fresh rotated name (never replacing a file) and
// returns that name.
Result<std::string> RenameToRotated(const std::string& path, int64_t unix_ms, uint64_t* sequence);
// Blocking. Gzips `rotated` into `rotated.gz` (via a temporary), then unlinks it.
Status GzipAndRemove(const std::string& rotated);
// Blocking. The rotated files of `path`, oldest first (full paths).
std::vector<std::string> ListRotated(const std::string& path);
// Blocking. Removes the oldest rotated files of `path` beyond `retain` (> 0).
Status PruneRotated(const std::string& path, int retain);

}  // namespace tend

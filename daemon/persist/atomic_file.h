#pragma once
// Whole-file replacement that survives a crash or power loss at any instant:
// readers see either the previous complete file or the new complete file, never
// a mix. With keep_backup, <path>.bak holds the previous version, and at every
// instant <path> or <path>.bak (usually both) holds a complete version.
//
// REQUIRES: one writer per path at a time (the daemon holds tendd.lock).

#include <sys/types.h>

#include <string>
#include <string_view>

#include "config/status.h"

namespace tend {

struct AtomicWriteOptions {
  // Permission bits of the new file, applied exactly (umask does not narrow or
  // widen them). Default: 0600, owner only.
  mode_t mode = 0600;
  // Keep the replaced version as <path>.bak (a hard link, or a copy where the
  // file system has no hard links). Default: false.
  bool keep_backup = false;
  // Names the test crash points of this write: "<prefix>:after-temp-write", ...
  // Default: "file".
  std::string crash_point_prefix = "file";
};

// Writes `contents` to a temp file beside `path` (created O_EXCL), fsyncs it,
// optionally links the current file to <path>.bak, renames the temp file over
// `path` and fsyncs the directory. Stale temp files of dead writers are removed.
//
// Test-only crash points: when $TEND_TEST_CRASH_AT equals
// "<prefix>:after-temp-write" (written, not yet fsynced), "<prefix>:after-fsync",
// "<prefix>:after-bak" or "<prefix>:after-rename" (before the directory fsync),
// the process calls _exit(77) there.
Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           const AtomicWriteOptions& opts);

// The whole file. NotFound when it does not exist; Io naming the file otherwise.
Result<std::string> ReadWholeFile(const std::string& path);

// The name of the backup WriteFileAtomically keeps: <path>.bak.
std::string BackupPathFor(const std::string& path);

// Exits the process with status 77 when $TEND_TEST_CRASH_AT equals `point`.
// A no-op when the variable is unset, which is always the case in production.
void CrashPointForTest(std::string_view point);

}  // namespace tend

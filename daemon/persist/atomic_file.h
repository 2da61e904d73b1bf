#pragma once
// Whole-file replacement that survives a crash or power loss at any instant:
// readers see either the previous complete file or the new complete file, never
// a mix. With keep_backup, <path>.bak is a second copy (its own inode) of what
// the last completed write wrote: when <path> is damaged later, the backup loses
// nothing. At every instant <path> or <path>.bak (usually both) is complete.
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
  // Write the same contents to <path>.bak too (a copy, not a link). Default: false.
  bool keep_backup = false;
  // Names the test crash points of this write: "<prefix>:after-temp-write", ...
  // Default: "file".
  std::string crash_point_prefix = "file";
};

// Writes `contents` to a temp file beside `path` (created O_EXCL) and fsyncs it
// (with keep_backup, a second temp file for <path>.bak too), renames the temp file
// over `path`, then the backup's over <path>.bak, and fsyncs the directory. The
// main file goes first, so a crash between the renames leaves the newest version
// in <path> (and the one before in .bak). Stale temp files of dead writers are removed.
//
// Test-only crash points: when $TEND_TEST_CRASH_AT equals
// "<prefix>:after-temp-write" (written, not yet fsynced), "<prefix>:after-fsync",
// "<prefix>:after-bak-temp-write", "<prefix>:after-bak-fsync" (the backup's temp),
// "<prefix>:after-rename" (<path> replaced) or "<prefix>:after-bak" (.bak replaced,
// before the directory fsync), the process calls _exit(77) there.
Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           const AtomicWriteOptions& opts);

// The name of the backup WriteFileAtomically keeps: <path>.bak.
std::string BackupPathFor(const std::string& path);

// Exits the process with status 77 when $TEND_TEST_CRASH_AT equals `point`.
// A no-op when the variable is unset, which is always the case in production.
void CrashPointForTest(std::string_view point);

}  // namespace tend

#pragma once
// The dump: the process table saved by `tend save` (and by autosave), restored by
// `tend resurrect` and after a daemon crash. One versioned JSON file, written
// atomically with a copy of the same save kept as .bak; see docs/layout.md, "dump.json".
// A dump holds environments, so it is readable by its owner only (0600).

#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/persist/dump_format.h"

namespace tend {

// Writes `dump` to `path` and the same bytes to <path>.bak (0600, atomic, the
// backup a copy of its own). Crash points for tests: "dump:after-temp-write",
// "dump:after-fsync", "dump:after-bak-temp-write", "dump:after-bak-fsync",
// "dump:after-rename", "dump:after-bak" (see atomic_file.h); the live state's writer
// names them "state:...".
Status SaveDump(const std::string& path, const Dump& dump,
                const std::string& crash_point_prefix = "dump");

struct LoadedDump {
  Dump dump;
  std::vector<std::string> warnings;  // for the daemon log: each names a file and what happened
  bool from_backup = false;           // the main file was missing or bad; <path>.bak was used
};

// Reads `path` (a regular file only, never blocking). A dump or backup that
// another user owns or may write is refused (PermissionDenied, config/file_trust.h):
// nothing of it is used or moved. When `path` is missing, corrupt, unreadable, not
// a regular file or of an unsupported version, warns, moves a bad file aside to <path>.corrupt-<UTC
// time> (never deletes it) and reads <path>.bak instead. NotFound when neither file exists;
// InvalidArgument naming both files (and where they were moved) when neither is usable.
Result<LoadedDump> LoadDump(const std::string& path);

// `tend cleardump`: saves an empty dump (as PM2 does), and its backup; the old
// dump is kept as <path>.cleared-<UTC time>, never deleted.
Status ClearDump(const std::string& path);

}  // namespace tend

#pragma once
// The dump's content and its JSON text (format documented in docs/layout.md,
// "dump.json"). Reading is strict: a wrong type, a missing field, an unknown
// status or an unsupported version is an error naming the field, so a damaged
// file is never half-restored.

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config/app_spec.h"
#include "config/status.h"

namespace tend {

// The format SaveDump writes, and the oldest LoadDump still reads.
constexpr int kDumpFormatVersion = 1;
constexpr int kDumpOldestSupportedVersion = 1;

struct DumpedProcess {
  int pm_id = 0;
  AppSpec spec;
  int instance = 0;    // index within the app's instances, 0-based
  std::string status;  // PM2 status name ("online", "stopped", ...; see process_state.h)
  int restarts = 0;
  int64_t created_at_ms = 0;  // Unix epoch ms
  // The child when the dump was written; 0 when there was none. start_time is field
  // 22 of /proc/<pid>/stat: with pid it names one process forever (pids are reused).
  pid_t pid = 0;
  pid_t pgid = 0;
  uint64_t start_time = 0;
};

struct Dump {
  int format_version = kDumpFormatVersion;  // as read; SaveDump always writes the current one
  int next_id = 0;                          // the pm_id the next new process gets
  std::vector<DumpedProcess> processes;
  int64_t saved_at_ms = 0;  // Unix epoch ms; SaveDump fills 0 with the current time
  // The live state (run/state.json) only: the boot it was written in, so a new daemon
  // tells a crash of the previous one (same boot) from a reboot. Absent from dumps.
  std::string boot_id;
};

// Pretty-printed JSON of `dump` with format_version = kDumpFormatVersion.
// Byte strings (args, env, paths) that are not UTF-8 survive exactly.
std::string DumpToJsonText(const Dump& dump);

// Parses and validates a dump of any supported version.
Result<Dump> DumpFromJsonText(const std::string& text);

}  // namespace tend

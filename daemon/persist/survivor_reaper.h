#pragma once
// After a daemon crash, the children of the previous daemon may still run,
// unsupervised. The dump names them by (pid, pgid, start_time); this stops the
// ones that are provably the same processes. A pid now used by some other
// process (different start time) is never signalled.
//
// Limitation: a group whose recorded leader has already exited is left alone,
// since nothing proves its remaining members are ours.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <vector>

#include "config/status.h"
#include "daemon/persist/dump_format.h"

namespace tend {

struct SurvivorRecord {
  pid_t pid = 0;
  pid_t pgid = 0;           // 0 = signal the pid alone
  uint64_t start_time = 0;  // /proc/<pid>/stat field 22; 0 = unknown, never signalled
};

// The records of every dumped process that had a child when the dump was saved.
std::vector<SurvivorRecord> SurvivorRecordsOf(const Dump& dump);

// For every record whose process still runs with the recorded start time:
// SIGTERM to its recorded process group (while the process is still in it, else
// to the pid), then SIGKILL to whatever remains after `timeout`. Synchronous:
// returns once all are gone, with how many survivors were stopped; an error
// naming the pids that could not be stopped (e.g. owned by another user).
// Never signals the calling process or its own group.
Result<int> StopSurvivors(const std::vector<SurvivorRecord>& records,
                          std::chrono::milliseconds timeout);

}  // namespace tend

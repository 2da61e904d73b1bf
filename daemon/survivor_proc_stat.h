#pragma once
// The few fields of /proc/<pid>/stat that identify a process for good and say
// whether it still runs. (pid, start_time) names one process forever: a pid is
// reused, but never with the same start time.

#include <sys/types.h>

#include <cstdint>
#include <string_view>

#include "config/status.h"

namespace tend {

struct ProcStat {
  pid_t pid = 0;
  char state = '?';  // 'R', 'S', 'D', 'T', 'Z' (zombie), 'X' (dead), ...
  pid_t ppid = 0;
  pid_t pgrp = 0;
  uint64_t start_time = 0;  // field 22: clock ticks after boot when the process started
};

// Parses the text of /proc/<pid>/stat (comm may hold spaces and parentheses).
Result<ProcStat> ParseProcStat(std::string_view text);

// NotFound when the process does not exist (or vanished while being read).
Result<ProcStat> ReadProcStat(pid_t pid);

// A process that has exited, whether or not its parent reaped it yet.
inline bool IsDeadState(char state) {
  return state == 'Z' || state == 'X' || state == 'x';
}

}  // namespace tend

#pragma once
// One process as /proc describes it: /proc/<pid>/stat plus the resident set
// from /proc/<pid>/statm. Every reader takes the /proc root as a parameter so
// tests can point it at a fake tree; the one-argument forms read "/proc".

#include <sys/types.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "config/status.h"
#include "daemon/os/proc_file.h"

namespace tend {

inline constexpr const char* kProcRoot = "/proc";

struct ProcStat {
  pid_t pid = 0;
  std::string comm;  // the executable's name, at most 15 bytes; may hold ' ' and ')'
  char state = '?';  // R, S, D, Z, T, ...
  pid_t ppid = 0;
  pid_t pgrp = 0;
  uint64_t utime_ticks = 0;  // user CPU time, in sysconf(_SC_CLK_TCK) ticks
  uint64_t stime_ticks = 0;  // system CPU time, same unit
  int num_threads = 0;
  uint64_t start_time_ticks = 0;  // ticks after boot: with pid, identifies a process forever
  uint64_t vsize = 0;             // bytes of virtual memory
  uint64_t rss_bytes = 0;         // resident set (statm), 0 when not read
};

// Parses the one line of /proc/<pid>/stat. comm is found between the first
// '(' and the LAST ')', since it may itself contain ")" and spaces.
Result<ProcStat> ParseProcStat(std::string_view line);
// The resident set of /proc/<pid>/statm (its second field), in pages.
Result<uint64_t> ParseStatmResidentPages(std::string_view line);

// A process that has exited, whether or not its parent reaped it yet.
inline bool IsDeadState(char state) {
  return state == 'Z' || state == 'X' || state == 'x';
}

// Process groups among `pgids` that still hold a process that has not exited
// (zombies do not count: an orphan waits for init, which may never reap it).
// One pass over /proc for all groups.
std::set<pid_t> GroupsWithLiveMembers(const std::set<pid_t>& pgids);

// stat and statm of one process. NotFound when the process is gone.
Result<ProcStat> ReadProcStat(pid_t pid);
Result<ProcStat> ReadProcStat(const std::string& proc_root, pid_t pid);
// stat only (rss_bytes left 0): the cheaper read for scans.
Result<ProcStat> ReadProcStatOnly(const std::string& proc_root, pid_t pid);
Result<ProcStat> ReadProcStatOnly(ProcFileCache& files, pid_t pid);
// Resident bytes from statm.
Result<uint64_t> ReadResidentBytes(ProcFileCache& files, pid_t pid);

// The start time of `pid` (stat field 22) as an opaque number: a saved
// (pid, start time) pair names one process even after its pid is reused.
Result<uint64_t> ProcessStartTime(pid_t pid);

// sysconf values, cached after the first call.
uint64_t ClockTicksPerSecond();
uint64_t PageSizeBytes();

}  // namespace tend

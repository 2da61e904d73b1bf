#pragma once
// Finding the descendants of a process. Two ways: the kernel's per-thread
// /proc/<pid>/task/<tid>/children lists (Linux >= 3.5 with CONFIG_PROC_CHILDREN;
// cost proportional to the tree), or one scan of every /proc/<pid>/stat grouped
// by ppid (cost proportional to the host, so done at most once per sample).

#include <sys/types.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "config/status.h"
#include "daemon/os/proc_stat.h"

namespace tend {

enum class ChildrenSource {
  kAuto,          // the children files when this kernel has them, else the scan
  kChildrenFile,  // /proc/<pid>/task/<tid>/children
  kParentScan,    // one scan of /proc per sample
};

// True when <proc_root>/thread-self/children exists.
bool ChildrenFileSupported(const std::string& proc_root);

// Appends the children of every thread of `pid` to `out`. `num_threads` (stat
// field 20) lets a single-threaded process skip listing its task directory.
Status AppendChildrenFromFiles(ProcFileCache& files, pid_t pid, int num_threads,
                               std::vector<pid_t>& out);
Status AppendChildrenFromFiles(const std::string& proc_root, pid_t pid, int num_threads,
                               std::vector<pid_t>& out);

// Every process of <proc_root> (stat only, rss 0) and the children of each.
struct ProcSnapshot {
  std::unordered_map<pid_t, ProcStat> stats;
  std::unordered_map<pid_t, std::vector<pid_t>> children;
};
Result<ProcSnapshot> ScanProcesses(const std::string& proc_root);

// Parses a children file: pids separated by spaces. Appends to `out`.
void ParsePidList(std::string_view text, std::vector<pid_t>& out);

}  // namespace tend

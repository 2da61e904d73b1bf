#pragma once
// The children of a previous daemon of this home that its dump does not name:
// a daemon that dies between starting a child and saving the dump leaves that
// child running, unknown to the next daemon. Every child is started leading
// its own group with TEND_HOME=<home>, pm_id and TEND_INSTANCE in its
// environment, which together name it as ours without any file on disk.

#include <string>
#include <vector>

#include "daemon/persist/survivor_reaper.h"

namespace tend {

// Records (pid = pgid, start time) of every live process under `proc_root`
// that leads its own process group and whose initial environment holds
// TEND_HOME=`home_root`, pm_id and TEND_INSTANCE. Excludes the calling process
// and its group. Processes whose environment cannot be read (another user's)
// are skipped.
std::vector<SurvivorRecord> FindChildrenOfHome(const std::string& proc_root,
                                               const std::string& home_root);

// A child of a previous daemon of this home, found the same way, with the pm_id and
// instance its environment names.
struct LiveChild {
  pid_t pid = 0;
  pid_t ppid = 0;
  uint64_t start_time_ticks = 0;
  int pm_id = -1;
  int instance = -1;
};
std::vector<LiveChild> FindLiveChildrenOfHome(const std::string& proc_root,
                                              const std::string& home_root);

}  // namespace tend

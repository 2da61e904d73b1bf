#include "daemon/process_group.h"

#include <signal.h>

#include "daemon/proc_stat.h"
#include "daemon/proc_tree.h"

namespace tend {

bool GroupHasLiveMember(pid_t pgid) {
  if (::kill(-pgid, 0) != 0) return false;
  // One scan of /proc: only while a stop waits for leftovers of a group.
  auto snapshot = ScanProcesses(kProcRoot);
  if (!snapshot.ok()) return true;
  for (const auto& [pid, stat] : snapshot->stats) {
    if (stat.pgrp == pgid && !IsDeadState(stat.state)) return true;
  }
  return false;
}

}  // namespace tend

#include "daemon/os/process_group.h"

#include <signal.h>

#include "daemon/os/proc_stat.h"

namespace tend {

bool GroupHasLiveMember(pid_t pgid) {
  if (::kill(-pgid, 0) != 0) return false;
  // One scan of /proc: only while a stop waits for leftovers of a group.
  return !GroupsWithLiveMembers({pgid}).empty();
}

}  // namespace tend

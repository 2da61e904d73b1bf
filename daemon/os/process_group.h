#pragma once
// Whether a process group still has a running member. kill(-pgid, 0) alone
// says yes while a zombie is left in it, and an orphaned zombie waits for init
// to reap it: late, or never in a container whose PID 1 does not wait().

#include <sys/types.h>

namespace tend {

// True while a member of group `pgid` runs; zombies do not count.
bool GroupHasLiveMember(pid_t pgid);

}  // namespace tend

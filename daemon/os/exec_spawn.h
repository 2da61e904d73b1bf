#pragma once
// SpawnProgram: starts one program with posix_spawn(3) in its own session, with the
// descriptors, environment, cwd and umask of SpawnOptions. glibc's posix_spawn is
// clone(CLONE_VM | CLONE_VFORK) then execve: unlike fork, it copies none of the daemon's
// page tables, so a spawn costs the same with 1 app as with 1,000 (bench/README.md).

#include <sys/types.h>

#include "config/status.h"
#include "daemon/os/child_process.h"

namespace tend {

// The new child's pid, or the exec's failure with its errno as os_error (a missing
// program or cwd, a file that may not run): nothing was started then.
Result<pid_t> SpawnProgram(const SpawnOptions& options);

// The program execve runs for `name`: itself when it holds a '/', else the first
// executable regular file of that name in `path_list` (PATH's syntax; an empty entry is
// the cwd). Empty when there is none.
std::string FindProgram(const std::string& name, const std::string& path_list);

}  // namespace tend

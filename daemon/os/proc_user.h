#pragma once
// Who a process runs as, for the `user` column. getpwuid_r may consult NSS
// (LDAP, sssd) and block: callers on the loop should cache names per uid.

#include <sys/types.h>

#include <string>

#include "config/status.h"

namespace tend {

// The login name of `uid`, or its decimal number when it has no passwd entry.
std::string UserNameOf(uid_t uid);

// The effective uid of `pid` (owner of /proc/<pid>). NotFound when it is gone.
Result<uid_t> ProcessUid(pid_t pid);

// UserNameOf(ProcessUid(pid)).
Result<std::string> ProcessUserName(pid_t pid);

}  // namespace tend

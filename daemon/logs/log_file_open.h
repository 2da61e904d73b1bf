#pragma once
// How tend opens a log file for appending, in one place (used on the loop at
// Open and in the thread pool at rotate/reopen).

#include <string>

#include "config/status.h"

namespace tend {

// O_WRONLY|O_APPEND|O_CREAT|O_NOFOLLOW|O_CLOEXEC, mode 0640 (links are followed
// under /dev/ only, for /dev/stdout). The error names the path and the reason.
Result<int> OpenLogFd(const std::string& path);

}  // namespace tend

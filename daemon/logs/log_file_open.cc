#include "daemon/logs/log_file_open.h"

#include <fcntl.h>

#include <cerrno>

#include "daemon/os/process_umask.h"

namespace tend {

Result<int> OpenLogFd(const std::string& path) {
  if (path.empty() || path[0] != '/') {
    return Status::InvalidArgument("log file path must be absolute: \"" + path + "\"");
  }
  int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY;
  if (path.compare(0, 5, "/dev/") != 0) flags |= O_NOFOLLOW;
  int fd = -1;
  {
    const auto daemon_umask = HoldDaemonUmask();  // never an app's, mid-spawn
    fd = open(path.c_str(), flags, 0640);
  }
  if (fd >= 0) return fd;
  const int err = errno;
  if (err == ELOOP) {
    return Status::InvalidArgument("cannot open log file " + path +
                                   ": it is a symbolic link (log files are not opened through "
                                   "links; give the real path)");
  }
  return Status::FromErrno("cannot open log file " + path, err);
}

}  // namespace tend

#include "daemon/os/killer.h"

#include <signal.h>

#include <cerrno>
#include <string>

#include "daemon/os/process_group.h"

namespace tend {
namespace {

// The message ChildProcess::Signal gives, so logs and replies read as before.
Status KillStatus(pid_t target, int signum, int error) {
  if (error == 0) return Status::Ok();
  return Status::FromErrno("kill(" + std::to_string(target) + ", " + std::to_string(signum) + ")",
                           error);
}

int KillErrno(pid_t target, int signum) {
  return ::kill(target, signum) == 0 ? 0 : errno;
}

}  // namespace

Status OsKiller::Signal(pid_t pid, int signum) {
  return KillStatus(pid, signum, KillErrno(pid, signum));
}

Status OsKiller::SignalGroup(pid_t pgid, int signum) {
  const int error = KillErrno(-pgid, signum);
  return KillStatus(-pgid, signum, error == ESRCH ? 0 : error);
}

bool OsKiller::GroupHasLiveMember(pid_t pgid) {
  return tend::GroupHasLiveMember(pgid);
}

}  // namespace tend

#include "daemon/os/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/no_throw.h"
#include "daemon/os/exec_spawn.h"
#include "daemon/os/orphan_reaper.h"

namespace tend {

// Lives until libuv's close callback of its poll handle; `owner` is cleared when the
// ChildProcess goes first, and the owner's pointer to it when the child exits.
struct ChildProcess::Handle {
  uv_poll_t poll{};
  int pidfd = -1;
  pid_t pid = 0;
  ExitCallback on_exit;
  ChildProcess* owner = nullptr;
};

namespace {

void Close(ChildProcess::Handle* h);
void AbandonUnwatched(ChildProcess::Handle* h);

// Whose fault a failed spawn is (docs/protocol.md): a path that is not there, a file
// tend may not run, a bad program or argument list (the user's: exit 1), or the
// system out of processes, memory or descriptors (exit 3).
Code SpawnErrorCode(int errno_value) {
  switch (errno_value) {
    case ENOENT:
    case ENOTDIR:
      return Code::kNotFound;
    case EACCES:
    case EPERM:
      return Code::kPermissionDenied;
    case E2BIG:
    case EINVAL:
    case ENOEXEC:
    case EISDIR:
    case ELOOP:
    case ENAMETOOLONG:
    case ETXTBSY:
      return Code::kInvalidArgument;
    default:  // EAGAIN, ENOMEM, EMFILE, ENFILE, ...
      return Code::kIo;
  }
}

}  // namespace

std::string DescribeSpawnError(const SpawnOptions& options, int error) {
  const std::string& program = options.argv.empty() ? std::string() : options.argv[0];
  struct stat st {};
  if (!options.cwd.empty() && ::stat(options.cwd.c_str(), &st) != 0) {
    return "cannot start " + program + ": working directory " + options.cwd + " does not exist";
  }
  if (!options.cwd.empty() && !S_ISDIR(st.st_mode)) {
    return "cannot start " + program + ": working directory " + options.cwd + " is not a directory";
  }
  if (error == ENOENT) return "cannot start " + program + ": no such file or program";
  if (error == EACCES) {
    return "cannot start " + program + ": permission denied (is it executable?)";
  }
  return "cannot start " + program + ": " + std::strerror(error);
}

namespace {

// The pidfd is readable once the child ended: waitid reaps exactly it. libuv's convention
// for the callback: the exit code, or 0 and the signal that killed it.
void OnPidfdReadable(uv_poll_t* poll, int, int) {
  auto* h = static_cast<ChildProcess::Handle*>(poll->data);
  siginfo_t info{};
  int rc;
  do {
    rc = ::waitid(P_PIDFD, static_cast<id_t>(h->pidfd), &info, WEXITED | WNOHANG);
  } while (rc < 0 && errno == EINTR);
  if (rc == 0 && info.si_pid == 0) return;  // not ended yet: keep polling
  if (rc < 0) spdlog::warn("waitid for child {}: {}", h->pid, std::strerror(errno));
  const bool exited = rc == 0 && info.si_code == CLD_EXITED;
  ChildProcess::Reaped(h, exited ? info.si_status : 0, rc == 0 && !exited ? info.si_status : 0);
}

}  // namespace

void ChildProcess::Reaped(Handle* handle, int64_t exit_status, int term_signal) {
  NoteReapedPid(handle->pid);
  auto cb = std::move(handle->on_exit);
  const bool owner_alive = handle->owner != nullptr;
  if (owner_alive) handle->owner->handle_ = nullptr;
  Close(handle);
  if (owner_alive && cb) NoThrow("child exit callback", [&] { cb(exit_status, term_signal); });
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(uv_loop_t* loop,
                                                          const SpawnOptions& options,
                                                          ExitCallback on_exit) {
  if (options.argv.empty()) return Status::InvalidArgument("nothing to run: empty argv");
  Result<pid_t> pid = SpawnProgram(options);
  if (!pid.ok()) {
    const int err = pid.status().os_error();
    return Status(SpawnErrorCode(err), DescribeSpawnError(options, err), err);
  }
  NoteSpawnedPid(*pid);  // before any SIGCHLD is handled: the orphan reaper must leave it
  auto* h = new Handle;
  h->pid = *pid;
  h->pidfd = static_cast<int>(::syscall(SYS_pidfd_open, *pid, 0));
  h->poll.data = h;
  const int rc = h->pidfd < 0 ? -errno : uv_poll_init(loop, &h->poll, h->pidfd);
  if (rc < 0) {
    AbandonUnwatched(h);
    return Status(Code::kIo, DescribeSpawnError(options, -rc), -rc);
  }
  uv_poll_start(&h->poll, UV_READABLE, OnPidfdReadable);
  h->on_exit = std::move(on_exit);
  auto child = std::unique_ptr<ChildProcess>(new ChildProcess);
  child->handle_ = h;
  h->owner = child.get();
  child->pid_ = *pid;
  return child;
}

ChildProcess::~ChildProcess() {
  if (handle_ == nullptr) return;  // exited: the handle is closing or gone
  // Destroyed while running: keep the handle so libuv still reaps the child.
  spdlog::warn("child {} outlived its owner; it will be reaped when it exits", pid_);
  handle_->owner = nullptr;
  handle_->on_exit = nullptr;
}

bool ChildProcess::exited() const {
  return handle_ == nullptr;
}

Status ChildProcess::Signal(int signum, bool tree) const {
  if (exited() && !tree) return Status::NotFound("process has exited");
  // The group id is the pid: setsid() made the child a group leader.
  const pid_t target = tree ? -pid_ : pid_;
  if (::kill(target, signum) != 0) {
    return Status::FromErrno("kill(" + std::to_string(target) + ", " + std::to_string(signum) + ")",
                             errno);
  }
  return Status::Ok();
}

bool ChildProcess::GroupAlive() const {
  return ::kill(-pid_, 0) == 0 || errno == EPERM;
}

namespace {

void Close(ChildProcess::Handle* h) {
  uv_close(reinterpret_cast<uv_handle_t*>(&h->poll), [](uv_handle_t* handle) {
    auto* closed = static_cast<ChildProcess::Handle*>(handle->data);
    ::close(closed->pidfd);
    delete closed;
  });
}

// Out of descriptors for its pidfd: a child nobody would see end is not left running.
void AbandonUnwatched(ChildProcess::Handle* h) {
  ::kill(h->pid, SIGKILL);
  while (::waitpid(h->pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  NoteReapedPid(h->pid);
  if (h->pidfd >= 0) ::close(h->pidfd);
  delete h;
}

}  // namespace

}  // namespace tend

#include "daemon/os/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/no_throw.h"
#include "daemon/os/orphan_reaper.h"
#include "daemon/os/process_umask.h"

namespace tend {

// Lives until libuv's close callback; `owner` is cleared when the ChildProcess
// goes first, and the owner's pointer to it is cleared when the child exits.
struct ChildProcess::Handle {
  uv_process_t process{};
  ExitCallback on_exit;
  ChildProcess* owner = nullptr;
};

namespace {

void Close(ChildProcess::Handle* h);

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

std::string DescribeSpawnError(const SpawnOptions& options, int uv_error) {
  const std::string& program = options.argv.empty() ? std::string() : options.argv[0];
  struct stat st {};
  if (!options.cwd.empty() && ::stat(options.cwd.c_str(), &st) != 0) {
    return "cannot start " + program + ": working directory " + options.cwd + " does not exist";
  }
  if (!options.cwd.empty() && !S_ISDIR(st.st_mode)) {
    return "cannot start " + program + ": working directory " + options.cwd + " is not a directory";
  }
  if (uv_error == UV_ENOENT) {
    return "cannot start " + program + ": no such file or program";
  }
  if (uv_error == UV_EACCES) {
    return "cannot start " + program + ": permission denied (is it executable?)";
  }
  return "cannot start " + program + ": " + uv_strerror(uv_error);
}

namespace {

// argv or envp for execve: pointers into `strings`, which must outlive them.
std::vector<char*> NullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// The child's descriptors 0, 1, 2 and the extra ones: stdin from `devnull` when the options
// give none; -1 leaves a descriptor closed, so the ones after it keep their numbers.
std::vector<uv_stdio_container_t> StdioOf(const SpawnOptions& options, int devnull) {
  std::vector<uv_stdio_container_t> stdio(3 + options.extra_fds.size());
  auto set = [&stdio](size_t i, int fd) {
    stdio[i].flags = fd >= 0 ? UV_INHERIT_FD : UV_IGNORE;
    stdio[i].data.fd = fd;
  };
  set(0, options.stdin_fd >= 0 ? options.stdin_fd : devnull);
  set(1, options.stdout_fd);
  set(2, options.stderr_fd);
  for (size_t i = 0; i < options.extra_fds.size(); ++i)
    set(3 + i, options.extra_fds[i]);
  return stdio;
}

}  // namespace

void ChildProcess::OnExit(uv_process_t* p, int64_t exit_status, int term_signal) {
  auto* handle = static_cast<Handle*>(p->data);
  NoteReapedPid(p->pid);
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
  std::vector<std::string> arg_strings = options.argv;
  std::vector<std::string> env_strings;
  env_strings.reserve(options.env.size());
  for (const auto& [k, v] : options.env)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> argv = NullTerminated(arg_strings);
  std::vector<char*> envp = NullTerminated(env_strings);
  const int devnull = options.stdin_fd < 0 ? ::open("/dev/null", O_RDONLY | O_CLOEXEC) : -1;
  std::vector<uv_stdio_container_t> stdio = StdioOf(options, devnull);

  auto* h = new Handle;
  h->on_exit = std::move(on_exit);
  h->process.data = h;
  uv_process_options_t uv_options{};
  uv_options.file = argv[0];
  uv_options.args = argv.data();
  uv_options.env = envp.data();
  uv_options.cwd = options.cwd.empty() ? nullptr : options.cwd.c_str();
  // DETACHED = setsid(): its own session and process group, so a stop reaches
  // the whole tree and a terminal's signals never do.
  uv_options.flags = UV_PROCESS_DETACHED;
  uv_options.stdio_count = static_cast<int>(stdio.size());
  uv_options.stdio = stdio.data();
  uv_options.exit_cb = OnExit;
  int rc = 0;
  {
    const ScopedChildUmask child_umask(options.umask);  // the child takes it at fork
    rc = uv_spawn(loop, &h->process, &uv_options);
  }
  if (devnull >= 0) ::close(devnull);
  if (rc < 0) {
    // libuv requires closing the handle even when spawn failed.
    Close(h);
    return Status(SpawnErrorCode(-rc), DescribeSpawnError(options, rc), -rc);
  }
  auto child = std::unique_ptr<ChildProcess>(new ChildProcess);
  child->handle_ = h;
  h->owner = child.get();
  child->pid_ = h->process.pid;
  NoteSpawnedPid(child->pid_);
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
  uv_close(reinterpret_cast<uv_handle_t*>(&h->process),
           [](uv_handle_t* handle) { delete static_cast<ChildProcess::Handle*>(handle->data); });
}

}  // namespace

}  // namespace tend

#pragma once
// ChildProcess: one spawned program (posix_spawn, exec_spawn.h) in its own session and
// process group, with its exit delivered once as an event. Exec failure (missing file,
// not executable, bad cwd) is returned by Spawn, never reported as an exit.
// Its exit is seen on a pidfd polled by the loop and reaped with waitid(P_PIDFD): only
// that pid, so no other waiter's child is taken. The watch outlives the ChildProcess
// until the exit was seen, so a child dropped early still leaves no zombie.

#include <sys/types.h>
#include <uv.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

struct SpawnOptions {
  std::vector<std::string> argv;  // argv[0] is the program (absolute or found in PATH)
  std::string cwd;
  std::map<std::string, std::string> env;
  int stdin_fd = -1;  // -1: /dev/null
  int stdout_fd = -1;
  int stderr_fd = -1;
  // Inherited as fd 3, 4, ... in this order (a listening socket: fd 3).
  std::vector<int> extra_fds;
  // The child's umask; -1 keeps the daemon's (0077 once daemonized).
  int umask = -1;
};

class ChildProcess {
 public:
  using ExitCallback = std::function<void(int64_t exit_status, int term_signal)>;

  // On success the child runs and `on_exit` will be called exactly once (unless
  // the ChildProcess is destroyed first, which the caller must not do while running).
  static Result<std::unique_ptr<ChildProcess>> Spawn(uv_loop_t* loop, const SpawnOptions& options,
                                                     ExitCallback on_exit);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool exited() const;
  // Signals the process group (tree = true) or the main process only.
  Status Signal(int signum, bool tree) const;
  // True while any process of the group (zombies included) still exists.
  bool GroupAlive() const;

  // Opaque; public only so the .cc's callbacks can name them. Reaped: the child was reaped;
  // its owner, if still there, learns of the exit once.
  struct Handle;
  static void Reaped(Handle* handle, int64_t exit_status, int term_signal);

 private:
  ChildProcess() = default;
  Handle* handle_ = nullptr;
  pid_t pid_ = 0;
};

// The message for an exec failure (`error` an errno value), naming what the user can fix.
std::string DescribeSpawnError(const SpawnOptions& options, int error);

}  // namespace tend

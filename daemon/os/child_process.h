#pragma once
// ChildProcess: one spawned program (uv_spawn) in its own session and process
// group, with its exit delivered once as an event. Exec failure (missing file,
// not executable, bad cwd) is returned by Spawn, never reported as an exit.
// The handle is freed only after the exit was seen: libuv reaps only the pids
// it spawned, and a process handle closed early would leave a zombie.

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

  struct Handle;  // opaque; public only so the .cc's close callback can name it

 private:
  ChildProcess() = default;
  // libuv's exit callback: the owner, if it is still there, learns of the exit once.
  static void OnExit(uv_process_t* process, int64_t exit_status, int term_signal);
  Handle* handle_ = nullptr;
  pid_t pid_ = 0;
};

// The message for an exec failure, naming what the user can fix.
std::string DescribeSpawnError(const SpawnOptions& options, int uv_error);

}  // namespace tend

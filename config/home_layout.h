#pragma once
// HomeLayout: every path under $TEND_HOME, built in one place (see docs/layout.md).
// Guarantees: the socket path fits a sockaddr_un (checked, since libuv truncates
// silently) and names that reach a path are sanitised by SafeFileName.

#include <string>
#include <string_view>

#include "config/status.h"

namespace tend {

class HomeLayout {
 public:
  // $TEND_HOME, else $HOME/.tend, else the passwd entry's home + /.tend. Made absolute.
  static Result<HomeLayout> FromEnvironment();
  static Result<HomeLayout> At(std::string root);

  const std::string& root() const { return root_; }
  std::string socket_path() const { return root_ + "/tend.sock"; }
  std::string pid_path() const { return root_ + "/tendd.pid"; }
  std::string lock_path() const { return root_ + "/tendd.lock"; }
  std::string daemon_log_path() const { return root_ + "/tendd.log"; }
  std::string dump_path() const { return root_ + "/dump.json"; }
  std::string settings_path() const { return root_ + "/settings.json"; }
  std::string logs_dir() const { return root_ + "/logs"; }
  std::string pids_dir() const { return root_ + "/pids"; }
  // Held by the CLI that starts a daemon, so two CLIs racing start one.
  std::string start_lock_path() const { return root_ + "/tendd.start.lock"; }
  // Sockets of running processes (NOTIFY_SOCKET for wait_ready); made on first use.
  std::string run_dir() const { return root_ + "/run"; }
  // The live state (what runs now, for the next daemon after a crash) and the fd holder.
  std::string state_path() const { return run_dir() + "/state.json"; }
  std::string fd_holder_socket_path() const { return run_dir() + "/fdholder.sock"; }
  std::string fd_holder_pid_path() const { return run_dir() + "/fdholder.pid"; }
  std::string notify_socket_path(int pm_id) const {
    return run_dir() + "/notify-" + std::to_string(pm_id) + ".sock";
  }
  // An app's default log file of one stream ("out" or "error"): logs/<app>-<stream>.log.
  std::string app_log_path(std::string_view app, std::string_view stream) const {
    return logs_dir() + "/" + std::string(app) + "-" + std::string(stream) + ".log";
  }

  // Creates the home (0700) and its folders if missing; refuses a home that is
  // not a directory, that another user owns or that its group or others may
  // write (config/file_trust.h), naming the fix.
  Status Ensure() const;

  // Makes the logs folder again if it was removed (a start, `tend reloadLogs`).
  Status EnsureLogsDir() const;

  // The socket path must fit in sun_path (107 bytes plus NUL on Linux).
  Status CheckSocketPath() const;

 private:
  explicit HomeLayout(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

// Maximum bytes of a Unix socket path, without the terminating NUL.
size_t MaxSocketPathLength();

// A name is safe to use as a file name component: not empty, no '/', not "." or
// "..", no NUL, no leading '-'... Returns InvalidArgument naming the value.
Status CheckSafeName(std::string_view what, std::string_view name);

}  // namespace tend

#pragma once
// Reaching the daemon: connect to $TEND_HOME/tend.sock, and start tendd when
// none answers. Race-free: CLIs starting at once serialise on a lock file, and
// the daemon's own home lock guarantees one daemon even against other starters.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "config/home_layout.h"
#include "config/status.h"
#include "ipc/client.h"
#include "ipc/verbs.h"

namespace tend::cli {

// Default wait for an answer; long enough for a stop that waits for kill_timeout.
inline constexpr std::chrono::milliseconds kRequestTimeout{120000};

class DaemonConnection {
 public:
  explicit DaemonConnection(HomeLayout home) : home_(std::move(home)) {}

  // Connects, starting the daemon if needed.
  Status Open();
  // Connects only if a daemon already runs; Unavailable otherwise.
  Status OpenExisting();
  // For an action on targets: connects if a daemon runs, or starts one when a crashed
  // daemon left its live state (its apps still run: the new daemon recovers them);
  // Unavailable when there is nothing to act on.
  Status OpenForAction();
  bool is_open() const { return client_.has_value(); }
  // Forgets the connection: the next Open connects again (to the daemon that replaced one
  // that went away).
  void Close() { client_.reset(); }
  ipc::Client& client() { return *client_; }
  const HomeLayout& home() const { return home_; }
  bool started_daemon() const { return started_daemon_; }

  // Open() then one request/answer: the verb's row names the command, `args` is built
  // through its keys.
  Result<nlohmann::json> Call(const ipc::Verb& verb, const ipc::Args& args = {},
                              std::chrono::milliseconds timeout = kRequestTimeout);
  // The answer as the daemon's JSON text, to print as it is.
  Result<std::string> CallForText(const ipc::Verb& verb, const ipc::Args& args = {},
                                  std::chrono::milliseconds timeout = kRequestTimeout);
  // Open() then the request alone (a streaming verb: its frames are read from client()).
  Result<int64_t> Send(const ipc::Verb& verb, const ipc::Args& args);

 private:
  Status StartDaemon();
  HomeLayout home_;
  std::optional<ipc::Client> client_;
  bool started_daemon_ = false;
};

// The tendd binary: $TEND_DAEMON_BIN, else next to this executable, else PATH.
std::string FindDaemonBinary();

}  // namespace tend::cli

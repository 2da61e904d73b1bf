#pragma once
// MonitSession: `tend monit` running. Three connections to the daemon: the `monitor`
// stream (host, processes, samples, state changes), a `logs` stream of the selected
// process (reopened when the selection changes), and one for the actions the keys ask
// for, whose answers are read as they come so the screen never waits on a restart. One
// poll loop over them and the keyboard; a lost daemon is retried every second.

#include <chrono>
#include <optional>
#include <string>

#include "cli/command_context.h"
#include "cli/monit/monit_model.h"
#include "cli/monit/monit_screen.h"
#include "ipc/client.h"
#include "ipc/verbs.h"

namespace tend::cli {

class MonitSession {
 public:
  MonitSession(CommandContext& ctx, std::string filter, bool readonly);
  // Full screen until q, Esc, Ctrl-C or SIGTERM; the terminal is given back in every case.
  int Run();
  // One snapshot as text (stdout is no terminal, or TERM=dumb).
  int PrintOnce();

 private:
  // The first time as any command (a daemon is started when none runs); again after the
  // daemon went away only when a crashed one left its apps running (OpenForAction): after
  // `tend kill`, monit waits for whoever starts the next daemon.
  Status Connect(bool first);
  void FollowLogs();
  void DrainMonitor();
  void DrainLogs();
  void DrainAction();
  void OnKey(int key);
  bool OnPromptKey(int key);
  void Ask(const ipc::Verb& verb, const std::string& what);
  void Send();

  CommandContext& ctx_;
  MonitModel model_;
  MonitUi ui_;
  MonitScreen screen_;
  std::optional<ipc::Client> monitor_, logs_, action_;
  int64_t monitor_id_ = 0, logs_id_ = 0, action_id_ = 0;
  // The action asked for, until it is confirmed (y) or not.
  const ipc::Verb* pending_verb_ = nullptr;
  std::string pending_what_;
  nlohmann::json pending_args_;
  bool filtering_ = false;
  bool quit_ = false;
  std::chrono::steady_clock::time_point next_retry_{};
};

}  // namespace tend::cli

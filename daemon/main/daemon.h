#pragma once
// Daemon: tendd's running state: the loop, the socket server, the process
// table and the signal handlers. It outlives every request; a request, a
// config or a child can make a command fail, never the daemon.

#include <uv.h>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/home_layout.h"
#include "config/status.h"
#include "daemon/cluster/listen_socket.h"
#include "daemon/commands/command_context.h"
#include "daemon/holder/fd_holder_client.h"
#include "daemon/logs/log_file_registry.h"
#include "daemon/metrics/process_metrics.h"
#include "daemon/os/clock.h"
#include "daemon/os/killer.h"
#include "daemon/os/orphan_reaper.h"
#include "daemon/os/spawner.h"
#include "daemon/os/uv_timer.h"
#include "daemon/persist/dump_writer.h"
#include "daemon/persist/settings_store.h"
#include "daemon/supervise/memory_limit_watch.h"
#include "daemon/supervise/process_table.h"
#include "daemon/supervise/supervision.h"
#include "ipc/server.h"

namespace tend {

class Daemon {
 public:
  Daemon(uv_loop_t* loop, HomeLayout home);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Listens on the socket and installs signal handlers.
  Status Start();
  // Connects to the fd holder (taking back what a crashed daemon left there) and, when
  // `crash_state` is the state such a daemon left, rebuilds the table from it
  // (persist/recovery.h). Returns the summary for the user ("" when nothing was recovered).
  std::string ConnectHolderAndRecover(const std::optional<Dump>& crash_state);
  // Stops every app gracefully, runs `apps_stopped` (kill answers there), then
  // closes the server and every handle, so uv_run returns. The dump is left as
  // it was: a daemon that exits is not the user stopping apps. Safe to call twice.
  void Shutdown(std::function<void()> apps_stopped = nullptr);
  // The table changed: close the listening sockets of apps that are gone, and
  // autosave when it is on. `urgent` for what a user did (saved at once);
  // transitions of running processes are saved within DumpWriter::kMinGapMs.
  void TableChanged(bool urgent = false);

  const HomeLayout& home() const { return home_; }
  ProcessTable& table() { return table_; }
  // What loading the dump at start found wrong: the next resurrect reports it.
  void set_dump_load_warnings(std::vector<std::string> w) {
    commands_.set_dump_load_warnings(std::move(w));
  }

 private:
  // Runs `fn` on a later loop iteration (never inside the caller's stack).
  void Defer(std::function<void()> fn);
  // Defer as a function, for the parts that run work after the current callback.
  std::function<void(std::function<void()>)> Deferrer();
  bool shutting_down() const { return supervision_.shutting_down(); }

  void OnRequest(const std::shared_ptr<ipc::Connection>& conn, ipc::Request request);
  void InstallSignals();
  void OnSignal(int sig);  // a SIGTERM, SIGINT, SIGHUP or SIGUSR2 arriving on the loop
  void CloseHandles();
  // The log_* settings, for apps that leave rotation unset.
  RotationOptions DefaultLogRotation() const;

  void ForgetLiveState();
  void TrackDescendants();
  void TakeBackListeningSockets(
      std::vector<HeldFds>& held);  // a clean exit: no next daemon must think we crashed

  uv_loop_t* loop_;
  UvSpawner spawner_;      // the OS seams every process uses; before table_
  FdHolderClient holder_;  // before table_: outputs release their pipes there as they go
  OsKiller killer_;        // before table_: a deleted process forgets its app's cgroup
  OrphanReaper reaper_;    // the apps' orphans are ours to reap (a child subreaper)
  LoopClock clock_;
  HomeLayout home_;
  LogFileRegistry logs_;      // before table_: processes write into it until they go
  ListenRegistry listeners_;  // before table_: instances hold its fds until they go
  // Set by ~Daemon: commands_ goes before table_, whose processes may still change state.
  bool destroying_ = false;
  ProcessTable table_;
  ProcessMetricsCache metrics_;
  SettingsStore settings_;
  DumpWriter dump_writer_;
  std::string boot_id_;
  DumpWriter state_writer_;        // run/state.json at every change of what is meant to run
  Supervision supervision_;        // what reloads, resurrect and the handlers see of the table
  MemoryLimitWatch memory_watch_;  // max_memory_restart, after each metrics tick
  CommandContext commands_;        // what the handlers see of the daemon
  ipc::Server server_;
  std::vector<uv_signal_t*> signals_;
  uv_idle_t* deferred_handle_;
  // Returns freed heap to the OS a moment after a request or a save: large
  // replies and dump snapshots leave megabytes of free chunks otherwise.
  Timer trim_timer_;
  void TrimHeapSoon();
  std::vector<std::function<void()>> deferred_;
  bool took_over_ = false;  // the live state and the holder are ours (ConnectHolderAndRecover)
  bool autosave_scheduled_ = false;  // one deferred autosave covers every change of a turn
  bool autosave_urgent_ = false;     // ...and is written at once if any of them was urgent
};

}  // namespace tend

#pragma once
// Daemon: tendd's running state: the loop, the socket server, the process
// table and the signal handlers. It outlives every request; a request, a
// config or a child can make a command fail, never the daemon.

#include <uv.h>

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "config/home_layout.h"
#include "config/status.h"
#include "daemon/dump_writer.h"
#include "daemon/listen_socket.h"
#include "daemon/log_file_registry.h"
#include "daemon/process_metrics.h"
#include "daemon/process_table.h"
#include "daemon/settings_store.h"
#include "daemon/uv_timer.h"
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
  // Stops every app gracefully, runs `apps_stopped` (kill answers there), then
  // closes the server and every handle, so uv_run returns. The dump is left as
  // it was: a daemon that exits is not the user stopping apps. Safe to call twice.
  void Shutdown(std::function<void()> apps_stopped = nullptr);
  // The table changed: close the listening sockets of apps that are gone, and
  // autosave when it is on. `urgent` for what a user did (saved at once);
  // transitions of running processes are saved within DumpWriter::kMinGapMs.
  void TableChanged(bool urgent = false);

  uv_loop_t* loop() const { return loop_; }
  const HomeLayout& home() const { return home_; }
  ProcessTable& table() { return table_; }
  ProcessMetricsCache& metrics() { return metrics_; }
  LogFileRegistry& logs() { return logs_; }
  SettingsStore& settings() { return settings_; }
  DumpWriter& dump_writer() { return dump_writer_; }
  // Runs `fn` on a later loop iteration (never inside the caller's stack).
  void Defer(std::function<void()> fn);
  bool shutting_down() const { return shutting_down_; }
  // What loading the dump at start found wrong (a corrupt dump.json moved
  // aside...): the start's own log is not read by users, so the next resurrect
  // reports it. Taking them clears them.
  void set_dump_load_warnings(std::vector<std::string> w) { dump_load_warnings_ = std::move(w); }
  std::vector<std::string> TakeDumpLoadWarnings() { return std::move(dump_load_warnings_); }
  // Apps with a rolling reload in progress (a second reload is refused).
  std::set<std::string>& reloading() { return reloading_; }

 private:
  void OnRequest(const std::shared_ptr<ipc::Connection>& conn, ipc::Request request);
  void InstallSignals();
  void CloseHandles();
  // The log_* settings, for apps that leave rotation unset.
  RotationOptions DefaultLogRotation() const;

  uv_loop_t* loop_;
  HomeLayout home_;
  LogFileRegistry logs_;      // before table_: processes write into it until they go
  ListenRegistry listeners_;  // before table_: instances hold its fds until they go
  ProcessTable table_;
  ProcessMetricsCache metrics_;
  SettingsStore settings_;
  DumpWriter dump_writer_;
  ipc::Server server_;
  std::vector<uv_signal_t*> signals_;
  uv_idle_t* deferred_handle_;
  // Returns freed heap to the OS a moment after a request or a save: large
  // replies and dump snapshots leave megabytes of free chunks otherwise.
  Timer trim_timer_;
  void TrimHeapSoon();
  std::vector<std::function<void()>> deferred_;
  bool shutting_down_ = false;
  bool autosave_scheduled_ = false;  // one deferred autosave covers every change of a turn
  bool autosave_urgent_ = false;     // ...and is written at once if any of them was urgent
  std::vector<std::string> dump_load_warnings_;
  std::set<std::string> reloading_;
};

}  // namespace tend

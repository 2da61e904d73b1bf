#pragma once
// Daemon: tendd's running state: the loop, the socket server, the process
// table and the signal handlers. It outlives every request; a request, a
// config or a child can make a command fail, never the daemon.

#include <uv.h>

#include <functional>
#include <memory>
#include <vector>

#include "config/home_layout.h"
#include "config/status.h"
#include "daemon/dump_writer.h"
#include "daemon/log_file_registry.h"
#include "daemon/process_metrics.h"
#include "daemon/process_table.h"
#include "daemon/settings_store.h"
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
  // The set of processes or a status changed: autosave when it is on.
  void TableChanged();

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

 private:
  void OnRequest(const std::shared_ptr<ipc::Connection>& conn, ipc::Request request);
  void InstallSignals();
  void CloseHandles();
  // The log_* settings, for apps that leave rotation unset.
  RotationOptions DefaultLogRotation() const;

  uv_loop_t* loop_;
  HomeLayout home_;
  LogFileRegistry logs_;  // before table_: processes write into it until they go
  ProcessTable table_;
  ProcessMetricsCache metrics_;
  SettingsStore settings_;
  DumpWriter dump_writer_;
  ipc::Server server_;
  std::vector<uv_signal_t*> signals_;
  uv_idle_t* deferred_handle_;
  std::vector<std::function<void()>> deferred_;
  bool shutting_down_ = false;
};

}  // namespace tend

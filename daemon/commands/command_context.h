#pragma once
// CommandContext: what a command handler may use, and nothing more: the supervised
// processes (Supervision), their metrics, the log files, the settings, the dump and the
// home's paths, and a way to shut the daemon down (`kill`). The daemon builds one for its
// life; handlers never see the Daemon, its socket server or its signal handlers.

#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "config/home_layout.h"
#include "daemon/commands/monitor_feed.h"
#include "daemon/commands/pm2_list_cache.h"
#include "daemon/logs/log_file_registry.h"
#include "daemon/metrics/process_metrics.h"
#include "daemon/persist/dump_writer.h"
#include "daemon/persist/settings_store.h"
#include "daemon/supervise/supervision.h"

namespace tend {

struct CommandServices {
  uv_loop_t* loop = nullptr;
  Supervision* supervision = nullptr;
  ProcessMetricsCache* metrics = nullptr;
  LogFileRegistry* logs = nullptr;
  SettingsStore* settings = nullptr;
  DumpWriter* dump_writer = nullptr;
  const HomeLayout* home = nullptr;
  // Stops every app, runs the callback (the `kill` answer), then ends the daemon.
  std::function<void(std::function<void()> apps_stopped)> shutdown;
};

class CommandContext {
 public:
  explicit CommandContext(CommandServices services) : s_(std::move(services)), monitor_(s_.loop) {}

  Supervision& supervision() { return *s_.supervision; }
  ProcessTable& table() { return s_.supervision->table(); }
  void Defer(Supervision::Task task) { s_.supervision->Defer(std::move(task)); }
  void TableChanged(bool urgent = false) { s_.supervision->TableChanged(urgent); }
  bool shutting_down() const { return s_.supervision->shutting_down(); }
  std::set<std::string>& reloading() { return s_.supervision->reloading(); }
  ProcessMetricsCache& metrics() { return *s_.metrics; }
  LogFileRegistry& logs() { return *s_.logs; }
  SettingsStore& settings() { return *s_.settings; }
  DumpWriter& dump_writer() { return *s_.dump_writer; }
  const HomeLayout& home() const { return *s_.home; }
  void Shutdown(std::function<void()> apps_stopped) { s_.shutdown(std::move(apps_stopped)); }
  // What `list` in PM2's shape keeps between requests.
  Pm2ListCache& pm2_list() { return pm2_list_; }
  // The metrics tick, its history and the `monitor` subscribers.
  MonitorFeed& monitor() { return monitor_; }

  // What loading the dump at start found wrong (a corrupt dump.json moved aside...):
  // the start's own log is not read by users, so the next resurrect reports it.
  // Taking them clears them.
  void set_dump_load_warnings(std::vector<std::string> w) { dump_load_warnings_ = std::move(w); }
  std::vector<std::string> TakeDumpLoadWarnings() { return std::move(dump_load_warnings_); }

 private:
  CommandServices s_;
  std::vector<std::string> dump_load_warnings_;
  Pm2ListCache pm2_list_;
  MonitorFeed monitor_;
};

}  // namespace tend

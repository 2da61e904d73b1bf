#pragma once
// Supervision: the process table with the few services of the daemon around it that
// the parts above supervise/ use (rolling reloads, resurrect, the command handlers): a
// later loop turn, word that the table changed, and whether the daemon is shutting down.
// The daemon owns it and fills it in; nothing above this room sees the Daemon itself.

#include <uv.h>

#include <functional>
#include <set>
#include <string>
#include <utility>

#include "daemon/supervise/process_table.h"

namespace tend {

class Supervision {
 public:
  using Task = std::function<void()>;
  Supervision(uv_loop_t* loop, ProcessTable& table, std::function<void(Task)> defer,
              std::function<void(bool urgent)> table_changed)
      : loop_(loop),
        table_(table),
        defer_(std::move(defer)),
        table_changed_(std::move(table_changed)) {}

  uv_loop_t* loop() const { return loop_; }
  ProcessTable& table() { return table_; }
  // Runs `task` on a later loop turn (never inside the caller's stack).
  void Defer(Task task) { defer_(std::move(task)); }
  // The table changed: the daemon releases the sockets of apps that are gone and
  // autosaves. `urgent` for what a user did (saved at once).
  void TableChanged(bool urgent = false) { table_changed_(urgent); }
  bool shutting_down() const { return shutting_down_; }
  void set_shutting_down() { shutting_down_ = true; }
  // Apps with a rolling reload in progress (a second reload or a scale is refused).
  std::set<std::string>& reloading() { return reloading_; }

 private:
  uv_loop_t* loop_;
  ProcessTable& table_;
  std::function<void(Task)> defer_;
  std::function<void(bool)> table_changed_;
  bool shutting_down_ = false;
  std::set<std::string> reloading_;
};

}  // namespace tend

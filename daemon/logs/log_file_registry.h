#pragma once
// LogFileRegistry: one per daemon. Hands out one shared LogFile per path, so that
// processes writing the same file (merge_logs, a common log_file) share its
// buffer and never interleave inside a line. Holds files weakly: a file closes
// when its last ProcessOutput lets go. Owns the timer of interval rotation
// (armed only while some open file has an interval; unref'd).

#include <uv.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/logs/log_file.h"

namespace tend {

class LogFileRegistry {
 public:
  explicit LogFileRegistry(uv_loop_t* loop);
  // Closes the timer (its memory is freed by the loop's close callback).
  ~LogFileRegistry();
  LogFileRegistry(const LogFileRegistry&) = delete;
  LogFileRegistry& operator=(const LogFileRegistry&) = delete;

  // The open file for `path`, or opens it (errors name the path and the reason).
  // An already open file takes the latest rotation options.
  Result<std::shared_ptr<LogFile>> Open(const std::string& path, const RotationOptions& rotation);
  // `tend reloadLogs` / SIGUSR2: every open file is reopened by path. `done`, when
  // given, runs once every reopen has finished, with the paths reopened and the
  // errors of those that failed (each names its path).
  void ReopenAll(
      std::function<void(std::vector<std::string> reopened, std::vector<Status> failures)> done =
          nullptr);
  // `tend flush`: empties `path`; a file no process has open is truncated too.
  void Flush(const std::string& path, std::function<void(Status)> done);
  // Runs `done` once every open file has written what it holds (daemon exit).
  void WhenAllIdle(std::function<void()> done);

  std::optional<LogFileStats> Stats(const std::string& path) const;
  std::vector<std::string> OpenPaths() const;

  // Rotates the files whose interval period changed; the timer calls it.
  void RotateDueFiles(int64_t unix_ms);

 private:
  struct ReopenTally;
  std::shared_ptr<LogFile> Find(const std::string& path) const;
  void ArmIntervalTimer();
  static void OnIntervalTimer(uv_timer_t* timer);

  uv_loop_t* loop_;
  uv_timer_t* interval_timer_;  // heap: freed in its close callback
  bool timer_armed_ = false;
  std::map<std::string, std::weak_ptr<LogFile>> files_;
};

}  // namespace tend

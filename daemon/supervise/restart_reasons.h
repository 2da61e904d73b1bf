#pragma once
// RestartReasons: why a process was started again, the last few times (a crash with its exit
// code or signal, a manual restart, a reload), so `describe`, `jlist` and the daemon log can
// say it. Bounded: the newest kKept, oldest first. Cron and watch join later.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tend {

enum class RestartCause {
  kCrash,        // it exited by itself and the restart policy started it again
  kManual,       // `tend restart`, or `tend start` of an app that runs
  kReload,       // `tend reload`: restarted in place, or a rolling reload's replacement
  kMemoryLimit,  // its tree's memory passed max_memory_restart (MemoryLimitWatch)
};

// The wire name: "crash", "manual", "reload", "memory".
std::string_view RestartCauseName(RestartCause cause);

struct RestartReason {
  RestartCause cause = RestartCause::kCrash;
  std::string detail;  // "exited with code 1", "killed by SIGSEGV", "replaces id 3", ...
  int64_t at_ms = 0;   // wall clock
};

class RestartReasons {
 public:
  static constexpr size_t kKept = 5;

  void Add(RestartReason reason);
  const std::deque<RestartReason>& all() const { return reasons_; }
  // [{"cause":"crash","detail":"...","at":ms}, ...], oldest first.
  nlohmann::json ToJson() const;

 private:
  std::deque<RestartReason> reasons_;
};

}  // namespace tend

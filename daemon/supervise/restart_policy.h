#pragma once
// RestartPolicy: PM2's restart rules as a pure function of one exit, the app's
// options and the history of earlier exits, plus s6's floor: two spawns of one
// process are never less than kMinRespawnGapMs apart, whatever the options
// (max_restarts -1 with no delay once meant 317 restarts a second). No clock
// reads, no side effects: the caller passes uptime (from its clock) and keeps
// the returned history.

#include <cstdint>

#include "config/app_spec.h"

namespace tend {

struct ExitFacts {
  int exit_code = 0;      // meaningful when term_signal == 0
  int term_signal = 0;    // 0 = exited normally
  int64_t uptime_ms = 0;  // from the spawn to the exit, on the caller's clock
};

// What the policy remembers between exits of one process.
struct RestartHistory {
  int unstable_restarts = 0;    // consecutive exits sooner than min_uptime
  int64_t last_backoff_ms = 0;  // exp_backoff_restart_delay's current step; 0 = none yet
};

struct RestartDecision {
  enum class Action { kRestart, kStayStopped, kGiveUp };
  Action action = Action::kRestart;
  int64_t delay_ms = 0;    // from the exit to the respawn; uptime + delay >= kMinRespawnGapMs
  RestartHistory history;  // to keep for the next exit
};

// Exp backoff grows x1.5 per consecutive crash up to this, and resets after a run this long.
inline constexpr int64_t kMaxBackoffMs = 15000;
inline constexpr int64_t kBackoffResetUptimeMs = 30000;
// The least time from one spawn of a process to its respawn by the policy (s6-supervise
// waits one second too). A `tend restart` asked by the user is not held to it.
inline constexpr int64_t kMinRespawnGapMs = 1000;

RestartDecision DecideRestart(const AppSpec& spec, const ExitFacts& exit,
                              const RestartHistory& history);

}  // namespace tend

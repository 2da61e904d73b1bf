#include "daemon/supervise/restart_policy.h"

#include <algorithm>

namespace tend {

RestartDecision DecideRestart(const AppSpec& spec, const ExitFacts& exit,
                              const RestartHistory& history) {
  RestartDecision d;
  d.history = history;
  if (!spec.autorestart) {
    d.action = RestartDecision::Action::kStayStopped;
    return d;
  }
  // stop_exit_codes name exits that mean "done", as PM2: only a normal exit can match.
  if (exit.term_signal == 0 && std::find(spec.stop_exit_codes.begin(), spec.stop_exit_codes.end(),
                                         exit.exit_code) != spec.stop_exit_codes.end()) {
    d.action = RestartDecision::Action::kStayStopped;
    return d;
  }
  // An exit sooner than min_uptime is unstable; a run that lasted resets the
  // count, so a process that crashes once a day is never given up on.
  if (exit.uptime_ms < spec.min_uptime_ms) {
    d.history.unstable_restarts = history.unstable_restarts + 1;
  } else {
    d.history.unstable_restarts = 0;
  }
  // Only an unstable exit can give up: with max_restarts 0 a run that lasted
  // (count reset to 0) must still restart.
  if (spec.max_restarts >= 0 && d.history.unstable_restarts > 0 &&
      d.history.unstable_restarts >= spec.max_restarts) {
    d.action = RestartDecision::Action::kGiveUp;
    d.history.unstable_restarts = 0;
    d.history.last_backoff_ms = 0;
    return d;
  }
  d.action = RestartDecision::Action::kRestart;
  if (spec.exp_backoff_restart_delay_ms > 0) {
    int64_t next = spec.exp_backoff_restart_delay_ms;
    if (history.last_backoff_ms > 0 && exit.uptime_ms < kBackoffResetUptimeMs) {
      next = std::min<int64_t>(kMaxBackoffMs, history.last_backoff_ms * 3 / 2);
    }
    d.history.last_backoff_ms = next;
    d.delay_ms = next;
  } else {
    d.delay_ms = spec.restart_delay_ms;
  }
  // The floor comes last, so no option (nor an unbounded max_restarts) can go under it.
  d.delay_ms = std::max<int64_t>(d.delay_ms, kMinRespawnGapMs - exit.uptime_ms);
  return d;
}

}  // namespace tend

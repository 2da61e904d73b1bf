// PM2's restart rules, driven by explicit uptimes: the uptime passed in is the
// fake clock, so nothing here spawns or sleeps.
#include "daemon/supervise/restart_policy.h"

#include <gtest/gtest.h>

#include <vector>

namespace tend {
namespace {

using Action = RestartDecision::Action;

ExitFacts Exit(int code, int64_t uptime_ms) {
  ExitFacts e;
  e.exit_code = code;
  e.uptime_ms = uptime_ms;
  return e;
}

ExitFacts Killed(int signal, int64_t uptime_ms) {
  ExitFacts e;
  e.term_signal = signal;
  e.uptime_ms = uptime_ms;
  return e;
}

// Crashes `times` times with `uptime_ms` each, asserting every one restarts.
RestartHistory CrashAndRestart(const AppSpec& spec, int times, int64_t uptime_ms,
                               RestartHistory h = {}) {
  for (int i = 1; i <= times; ++i) {
    auto d = DecideRestart(spec, Exit(1, uptime_ms), h);
    EXPECT_EQ(d.action, Action::kRestart) << "crash #" << i << " after " << uptime_ms << " ms";
    h = d.history;
  }
  return h;
}

TEST(RestartPolicy, AStableExitRestartsAtOnceByDefault) {
  AppSpec spec;
  auto d = DecideRestart(spec, Exit(1, 5000), {});
  EXPECT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(d.delay_ms, 0);
  EXPECT_EQ(d.history.unstable_restarts, 0);
}

TEST(RestartPolicy, AutorestartOffStaysStoppedWhateverTheExit) {
  AppSpec spec;
  spec.autorestart = false;
  EXPECT_EQ(DecideRestart(spec, Exit(0, 5000), {}).action, Action::kStayStopped);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 10), {}).action, Action::kStayStopped);
  EXPECT_EQ(DecideRestart(spec, Killed(9, 10), {}).action, Action::kStayStopped);
  // Not a crash loop either: the history is untouched.
  RestartHistory h;
  h.unstable_restarts = 15;
  EXPECT_EQ(DecideRestart(spec, Exit(1, 10), h).history.unstable_restarts, 15);
}

TEST(RestartPolicy, StopExitCodesMatchOnlyANormalExit) {
  AppSpec spec;
  spec.stop_exit_codes = {0, 3};
  EXPECT_EQ(DecideRestart(spec, Exit(0, 5000), {}).action, Action::kStayStopped);
  EXPECT_EQ(DecideRestart(spec, Exit(3, 10), {}).action, Action::kStayStopped);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 5000), {}).action, Action::kRestart);
  // Killed by signal 3 (SIGQUIT) is not "exit code 3".
  EXPECT_EQ(DecideRestart(spec, Killed(3, 5000), {}).action, Action::kRestart);
  EXPECT_EQ(DecideRestart(spec, Killed(15, 5000), {}).action, Action::kRestart);
}

TEST(RestartPolicy, ExactlyTheSixteenthUnstableExitGivesUpByDefault) {
  AppSpec spec;
  ASSERT_EQ(spec.max_restarts, 16);
  ASSERT_EQ(spec.min_uptime_ms, 1000);
  RestartHistory h = CrashAndRestart(spec, 15, 999);
  ASSERT_EQ(h.unstable_restarts, 15);
  auto d = DecideRestart(spec, Exit(1, 0), h);
  EXPECT_EQ(d.action, Action::kGiveUp);
  // A later `tend restart` starts from a clean count.
  EXPECT_EQ(d.history.unstable_restarts, 0);
}

TEST(RestartPolicy, SignalDeathsCountAsUnstableToo) {
  AppSpec spec;
  spec.max_restarts = 2;
  auto d = DecideRestart(spec, Killed(11, 50), {});
  ASSERT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(DecideRestart(spec, Killed(11, 50), d.history).action, Action::kGiveUp);
}

TEST(RestartPolicy, ConfiguredMaxRestartsAndMinUptime) {
  AppSpec spec;
  spec.max_restarts = 3;
  spec.min_uptime_ms = 5000;
  RestartHistory h = CrashAndRestart(spec, 2, 4999);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 4999), h).action, Action::kGiveUp);
  // An exit at exactly min_uptime is stable.
  auto d = DecideRestart(spec, Exit(1, 5000), h);
  EXPECT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(d.history.unstable_restarts, 0);
}

TEST(RestartPolicy, AStableRunResetsTheCount) {
  AppSpec spec;
  spec.max_restarts = 3;
  RestartHistory h = CrashAndRestart(spec, 2, 10);
  ASSERT_EQ(h.unstable_restarts, 2);
  auto d = DecideRestart(spec, Exit(1, 60000), h);
  ASSERT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(d.history.unstable_restarts, 0);
  h = d.history;
  // Two more quick crashes are fine again; the third gives up.
  h = DecideRestart(spec, Exit(1, 10), h).history;
  d = DecideRestart(spec, Exit(1, 10), h);
  EXPECT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 10), d.history).action, Action::kGiveUp);
}

TEST(RestartPolicy, ZeroMaxRestartsGivesUpOnTheFirstCrashButNotOnAStableExit) {
  AppSpec spec;
  spec.max_restarts = 0;
  EXPECT_EQ(DecideRestart(spec, Exit(1, 10), {}).action, Action::kGiveUp);
  auto d = DecideRestart(spec, Exit(1, 60000), {});
  EXPECT_EQ(d.action, Action::kRestart) << "a run that lasted is no crash loop";
  EXPECT_EQ(d.history.unstable_restarts, 0);
}

TEST(RestartPolicy, NegativeMaxRestartsNeverGivesUp) {
  AppSpec spec;
  spec.max_restarts = -1;
  RestartHistory h;
  for (int i = 0; i < 100; ++i) {
    auto d = DecideRestart(spec, Exit(1, 0), h);
    ASSERT_EQ(d.action, Action::kRestart) << i;
    h = d.history;
  }
}

TEST(RestartPolicy, RestartDelayIsTheWaitBeforeEveryRestart) {
  AppSpec spec;
  spec.restart_delay_ms = 2500;
  RestartHistory h;
  for (int i = 0; i < 3; ++i) {
    auto d = DecideRestart(spec, Exit(1, 10), h);
    ASSERT_EQ(d.action, Action::kRestart);
    EXPECT_EQ(d.delay_ms, 2500);
    h = d.history;
  }
  EXPECT_EQ(DecideRestart(spec, Exit(1, 100000), h).delay_ms, 2500);
}

TEST(RestartPolicy, ExpBackoffGrowsByHalfUpToFifteenSeconds) {
  AppSpec spec;
  spec.exp_backoff_restart_delay_ms = 100;
  spec.max_restarts = -1;
  // PM2: Math.floor(Math.min(15000, prev * 1.5)).
  const std::vector<int64_t> expected = {100,  150,  225,  337,  505,   757,   1135,  1702,
                                         2553, 3829, 5743, 8614, 12921, 15000, 15000, 15000};
  RestartHistory h;
  for (size_t i = 0; i < expected.size(); ++i) {
    auto d = DecideRestart(spec, Exit(1, 2000), h);
    ASSERT_EQ(d.action, Action::kRestart) << i;
    EXPECT_EQ(d.delay_ms, expected[i]) << "restart #" << i + 1;
    h = d.history;
  }
}

TEST(RestartPolicy, ExpBackoffResetsAfterAThirtySecondRun) {
  AppSpec spec;
  spec.exp_backoff_restart_delay_ms = 100;
  RestartHistory h;
  for (int i = 0; i < 4; ++i)
    h = DecideRestart(spec, Exit(1, 2000), h).history;
  ASSERT_EQ(h.last_backoff_ms, 337);
  // Just under 30 s still grows...
  EXPECT_EQ(DecideRestart(spec, Exit(1, kBackoffResetUptimeMs - 1), h).delay_ms, 505);
  // ...a 30 s run starts over.
  auto d = DecideRestart(spec, Exit(1, kBackoffResetUptimeMs), h);
  EXPECT_EQ(d.delay_ms, 100);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 2000), d.history).delay_ms, 150);
}

TEST(RestartPolicy, ExpBackoffTakesPrecedenceOverRestartDelay) {
  AppSpec spec;
  spec.exp_backoff_restart_delay_ms = 200;
  spec.restart_delay_ms = 5000;
  auto d = DecideRestart(spec, Exit(1, 2000), {});
  EXPECT_EQ(d.delay_ms, 200);
  EXPECT_EQ(DecideRestart(spec, Exit(1, 2000), d.history).delay_ms, 300);
}

TEST(RestartPolicy, GivingUpClearsTheBackoff) {
  AppSpec spec;
  spec.exp_backoff_restart_delay_ms = 100;
  spec.max_restarts = 2;
  auto d = DecideRestart(spec, Exit(1, 10), {});
  ASSERT_EQ(d.action, Action::kRestart);
  d = DecideRestart(spec, Exit(1, 10), d.history);
  ASSERT_EQ(d.action, Action::kGiveUp);
  // After a manual restart the backoff starts from the first step again.
  d = DecideRestart(spec, Exit(1, 10), d.history);
  EXPECT_EQ(d.action, Action::kRestart);
  EXPECT_EQ(d.history.last_backoff_ms, 100);
}

// s6's floor: whatever the options, a respawn comes at least kMinRespawnGapMs after
// the spawn before it; the uptime passed in is where the clock stands.
TEST(RestartPolicy, NoRespawnSoonerThanTheMinimumGapAfterTheLastSpawn) {
  ASSERT_EQ(kMinRespawnGapMs, 1000);
  AppSpec unbounded;
  unbounded.max_restarts = -1;  // as a client may send through the socket
  RestartHistory h;
  for (int i = 0; i < 100; ++i) {  // a crash loop never gives up, never speeds up
    auto d = DecideRestart(unbounded, Exit(1, 0), h);
    ASSERT_EQ(d.action, Action::kRestart) << i;
    ASSERT_EQ(d.delay_ms, 1000) << i;
    h = d.history;
  }
  // An exit 300 ms after the spawn waits the 700 ms left; a run of a second or more, nothing.
  EXPECT_EQ(DecideRestart(unbounded, Exit(1, 300), h).delay_ms, 700);
  EXPECT_EQ(DecideRestart(unbounded, Exit(1, 1000), h).delay_ms, 0);
  EXPECT_EQ(DecideRestart(unbounded, Killed(9, 5000), h).delay_ms, 0);
}

TEST(RestartPolicy, TheMinimumGapIsAFloorUnderEveryDelayOption) {
  AppSpec delayed;
  delayed.restart_delay_ms = 200;
  EXPECT_EQ(DecideRestart(delayed, Exit(1, 100), {}).delay_ms, 900);
  EXPECT_EQ(DecideRestart(delayed, Exit(1, 900), {}).delay_ms, 200);  // longer than the floor
  AppSpec backoff;
  backoff.exp_backoff_restart_delay_ms = 100;
  auto d = DecideRestart(backoff, Exit(1, 50), {});
  EXPECT_EQ(d.delay_ms, 950);
  EXPECT_EQ(d.history.last_backoff_ms, 100);  // the backoff still grows underneath
  EXPECT_EQ(DecideRestart(backoff, Exit(1, 50), d.history).history.last_backoff_ms, 150);
  AppSpec negative;
  negative.restart_delay_ms = -5;  // no option goes under the floor
  EXPECT_EQ(DecideRestart(negative, Exit(1, 0), {}).delay_ms, 1000);
}

}  // namespace
}  // namespace tend

// ManagedProcess driven with fakes (tests/unit/daemon/fake_*.h): no process runs and no
// time passes but the fake clock's. Each test is a race users hit, asserted as they see
// it: the status, restarts, last_error, the signals in order, whether a spawn happened,
// and callbacks called exactly once. Log pipes and files are real, in a temp home.
#include "daemon/supervise/managed_process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/logs/log_file_registry.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/daemon/fake_clock.h"
#include "tests/unit/daemon/fake_killer.h"
#include "tests/unit/daemon/fake_spawner.h"
#include "tests/unit/daemon/log_test_env.h"

namespace tend {
namespace {

using S = ProcessState;
using Signals = std::vector<std::string>;

class ManagedProcessTest : public ::testing::Test {
 protected:
  ManagedProcessTest() : home_(HomeLayout::At(dir_.path()).value()), logs_(loop_.get()) {
    EXPECT_TRUE(home_.Ensure().ok());  // the logs folder the pipes write into
    context_.loop = loop_.get();
    context_.home = &home_;
    context_.logs = &logs_;
    context_.on_transition = [this](ManagedProcess&, S from, S to) {
      transitions_.push_back({from, to});
    };
    context_.defer = [this](std::function<void()> task) { deferred_.push_back(std::move(task)); };
    context_.spawner = &spawner_;
    context_.killer = &killer_;
    context_.clock = &clock_;
  }

  // Every transition the process announced is a step of the table, to another state.
  void TearDown() override {
    for (const auto& [from, to] : transitions_) {
      bool legal = false;
      for (size_t e = 0; e < kProcessEventCount; ++e)
        legal = legal || NextState(from, static_cast<ProcessEvent>(e)) == to;
      EXPECT_TRUE(legal && from != to) << StateName(from) << " -> " << StateName(to);
    }
  }

  static AppSpec Spec() {
    AppSpec spec;
    spec.name = "api";
    spec.script = "/srv/api/server";
    spec.interpreter = "none";
    return spec;
  }

  ManagedProcess& Make(AppSpec spec = Spec()) {
    proc_ = std::make_unique<ManagedProcess>(context_, 0, 0, std::move(spec));
    return *proc_;
  }

  ManagedProcess& Started(AppSpec spec = Spec()) {
    ManagedProcess& p = Make(std::move(spec));
    EXPECT_TRUE(p.Start().ok());
    return p;
  }

  // The defer queue, run as the daemon's idle handle would: tasks queued meanwhile too.
  void RunDeferred() {
    while (!deferred_.empty()) {
      auto task = std::move(deferred_.front());
      deferred_.erase(deferred_.begin());
      task();
    }
  }

  test::TempDir dir_;
  logtest::TestLoop loop_;
  HomeLayout home_;
  LogFileRegistry logs_;
  fake::FakeSpawner spawner_;
  fake::FakeKiller killer_;
  fake::FakeClock clock_;
  ProcessContext context_;
  std::vector<std::pair<S, S>> transitions_;
  std::vector<std::function<void()>> deferred_;
  std::unique_ptr<ManagedProcess> proc_;  // last: it goes before what it uses
};

TEST_F(ManagedProcessTest, StartSpawnsWhatTheSpecSaysAndGoesOnline) {
  AppSpec spec = Spec();
  spec.args = {"--port", "8080"};
  spec.env = {{"MODE", "prod"}, {"NOTIFY_SOCKET", "/not/yours"}};
  ManagedProcess& p = Started(spec);
  EXPECT_EQ(p.state(), S::kOnline);
  ASSERT_EQ(spawner_.count(), 1u);
  const SpawnOptions& o = spawner_.last().options;
  EXPECT_EQ(o.argv, (std::vector<std::string>{"/srv/api/server", "--port", "8080"}));
  EXPECT_EQ(o.env.at("MODE"), "prod");
  EXPECT_EQ(o.env.at("pm_id"), "0");
  EXPECT_EQ(o.env.at("name"), "api");
  EXPECT_EQ(o.env.count("NOTIFY_SOCKET"), 0u);  // only tend may set it
  EXPECT_GE(o.stdout_fd, 0);                    // the log pipes
  EXPECT_EQ(p.pid(), 1000);
  EXPECT_EQ(p.ToJson()["started_at"], fake::FakeClock::kWallEpochMs);
}

TEST_F(ManagedProcessTest, SpawnFailureLeavesItErroredWithTheReason) {
  spawner_.FailNextSpawn(Status::NotFound("cannot start /srv/api/server: no such file"));
  ManagedProcess& p = Make();
  Status s = p.Start();
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(p.state(), S::kErrored);
  EXPECT_EQ(p.last_error(), "cannot start /srv/api/server: no such file");
  int stopped = 0;
  p.Stop([&] { ++stopped; });
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(stopped, 1);
  EXPECT_TRUE(killer_.sent.empty());
}

TEST_F(ManagedProcessTest, StopDuringRestartDelayCancelsTheRestart) {
  AppSpec spec = Spec();
  spec.restart_delay_ms = 500;
  ManagedProcess& p = Started(spec);
  clock_.Advance(5000);
  ASSERT_TRUE(spawner_.Exit(1));
  EXPECT_EQ(p.state(), S::kWaitingRestart);
  EXPECT_EQ(p.restarts(), 1);

  int stopped = 0;
  p.Stop([&] { ++stopped; });
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(stopped, 1);
  clock_.Advance(10000);  // well past the delay
  EXPECT_EQ(spawner_.count(), 1u);
  EXPECT_EQ(p.state(), S::kStopped);
  // Only the crash's end of its old group; the stop had nothing running to signal.
  EXPECT_EQ(killer_.sent, (Signals{"SIGKILL -1000"}));
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(ManagedProcessTest, ACrashDuringStopEndsTheStopAndNeverRestarts) {
  ManagedProcess& p = Started();
  int stopped = 0;
  p.Stop([&] { ++stopped; });
  EXPECT_EQ(p.state(), S::kStopping);
  EXPECT_EQ(killer_.sent, (Signals{"SIGINT -1000"}));  // treekill: the group
  EXPECT_EQ(stopped, 0);

  ASSERT_TRUE(spawner_.Exit(1));  // it crashed on the way down
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(stopped, 1);
  EXPECT_EQ(p.restarts(), 0);
  clock_.Advance(60000);  // no SIGKILL after the exit, no restart
  EXPECT_EQ(killer_.sent, (Signals{"SIGINT -1000"}));
  EXPECT_EQ(spawner_.count(), 1u);
  EXPECT_EQ(p.ToJson()["exit_code"], 1);
}

TEST_F(ManagedProcessTest, SigkillAfterKillTimeoutWhenTheStopIsIgnored) {
  AppSpec spec = Spec();
  spec.kill_signal = "SIGTERM";
  spec.kill_timeout_ms = 1600;
  ManagedProcess& p = Started(spec);
  int stopped = 0;
  p.Stop([&] { ++stopped; });
  clock_.Advance(1599);
  EXPECT_EQ(killer_.sent, (Signals{"SIGTERM -1000"}));
  clock_.Advance(1);
  EXPECT_EQ(killer_.sent, (Signals{"SIGTERM -1000", "SIGKILL -1000", "SIGKILL 1000"}));
  EXPECT_EQ(p.state(), S::kStopping);  // until the exit is seen
  EXPECT_EQ(stopped, 0);

  ASSERT_TRUE(spawner_.Exit(0, SIGKILL));
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(stopped, 1);
  EXPECT_EQ(p.ToJson()["exit_signal"], "SIGKILL");
  EXPECT_EQ(spawner_.count(), 1u);
}

TEST_F(ManagedProcessTest, AStopWaitsForTheGroupThenKillsWhatLingers) {
  ManagedProcess& p = Started();
  int stopped = 0;
  p.Stop([&] { ++stopped; });
  killer_.live_groups = {1000};  // a grandchild ignores SIGINT
  ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  EXPECT_EQ(p.state(), S::kStopping);
  clock_.Advance(1000);
  EXPECT_EQ(stopped, 0);
  clock_.Advance(600);  // kill_timeout (1600) since the stop signal
  EXPECT_EQ(killer_.sent, (Signals{"SIGINT -1000", "SIGKILL -1000"}));  // the child is gone
  killer_.live_groups.clear();
  clock_.Advance(20);  // the next poll sees it empty
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(stopped, 1);
  EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(ManagedProcessTest, StopWhileStoppingCallsEveryCallerBackOnce) {
  ManagedProcess& p = Started();
  int first = 0;
  int second = 0;
  p.Stop([&] { ++first; });
  p.Stop([&] { ++second; });
  EXPECT_EQ(killer_.sent, (Signals{"SIGINT -1000"}));  // asked once
  ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);
  int third = 0;
  p.Stop([&] { ++third; });  // already stopped: at once
  EXPECT_EQ(third, 1);
  EXPECT_EQ(first + second, 2);
  EXPECT_EQ(p.state(), S::kStopped);
}

TEST_F(ManagedProcessTest, RestartDuringLaunchStopsThenRelaunchesOnce) {
  AppSpec spec = Spec();
  spec.wait_ready = true;
  spec.listen_timeout_ms = 3000;
  ManagedProcess& p = Started(spec);
  EXPECT_EQ(p.state(), S::kLaunching);
  clock_.Advance(1000);
  int restarted = 0;
  Status result = Status::Internal("not called");
  p.Restart(RestartCause::kManual, [&](Status s) {
    ++restarted;
    result = s;
  });
  EXPECT_EQ(p.state(), S::kStopping);
  EXPECT_EQ(killer_.sent, (Signals{"SIGINT -1000"}));
  ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  EXPECT_EQ(restarted, 1);
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(spawner_.count(), 2u);
  EXPECT_EQ(p.restarts(), 1);
  EXPECT_EQ(p.state(), S::kLaunching);
  EXPECT_EQ(p.pid(), 1001);
  clock_.Advance(2500);  // the first launch's listen_timeout would have passed: it was cancelled
  EXPECT_EQ(p.state(), S::kLaunching);
  clock_.Advance(500);
  EXPECT_EQ(p.state(), S::kOnline);
  EXPECT_TRUE(p.ready_timed_out());
}

TEST_F(ManagedProcessTest, ExitBeforeReadyTellsTheWaiterAndRestarts) {
  AppSpec spec = Spec();
  spec.wait_ready = true;
  spec.listen_timeout_ms = 3000;
  ManagedProcess& p = Started(spec);
  int called = 0;
  bool online = true;
  p.WhenOnline([&](bool is_online) {
    ++called;
    online = is_online;
  });
  clock_.Advance(10);
  ASSERT_TRUE(spawner_.Exit(1));
  EXPECT_EQ(called, 0);  // waiters run on a later loop turn
  RunDeferred();
  EXPECT_EQ(called, 1);
  EXPECT_FALSE(online);
  EXPECT_EQ(p.restarts(), 1);
  // No restart_delay: the respawn comes once a second has passed since the spawn.
  EXPECT_EQ(p.state(), S::kWaitingRestart);
  clock_.Advance(kMinRespawnGapMs - 10);
  EXPECT_EQ(spawner_.count(), 2u);
  EXPECT_EQ(p.state(), S::kLaunching);
  clock_.Advance(2995);  // the dead launch's timeout is gone, the new one's is 5 ms away
  EXPECT_EQ(p.state(), S::kLaunching);
  EXPECT_FALSE(p.ready_timed_out());
  clock_.Advance(5);
  EXPECT_EQ(p.state(), S::kOnline);
  RunDeferred();
  EXPECT_EQ(called, 1);
}

TEST_F(ManagedProcessTest, EveryRestartIsNotedWithItsCauseAndTheLastFewAreKept) {
  ManagedProcess& p = Started();
  EXPECT_TRUE(p.restart_reasons().all().empty());
  clock_.Advance(1500);
  ASSERT_TRUE(spawner_.Exit(3));
  clock_.Advance(kMinRespawnGapMs);  // the respawn floor: the crash is restarted
  clock_.Advance(200);
  ASSERT_TRUE(spawner_.Exit(0, SIGSEGV));
  clock_.Advance(kMinRespawnGapMs);
  ASSERT_EQ(p.restart_reasons().all().size(), 2u);
  const RestartReason& crash = p.restart_reasons().all()[0];
  EXPECT_EQ(crash.cause, RestartCause::kCrash);
  EXPECT_EQ(crash.detail, "code 3 after 1500 ms");
  EXPECT_EQ(crash.at_ms, clock_.WallMs() - 2 * kMinRespawnGapMs - 200);
  EXPECT_EQ(p.restart_reasons().all()[1].detail,
            "SIGSEGV after " + std::to_string(kMinRespawnGapMs + 200) + " ms");

  p.Restart(RestartCause::kManual, nullptr);
  ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  EXPECT_EQ(p.restart_reasons().all().back().cause, RestartCause::kManual);
  EXPECT_EQ(p.restart_reasons().ToJson().back()["cause"], "manual");
  for (int i = 0; i < 4; ++i) {
    p.Restart(RestartCause::kReload, nullptr);
    ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  }
  // Seven restarts, the newest five kept: the crashes are gone, oldest first.
  ASSERT_EQ(p.restart_reasons().all().size(), RestartReasons::kKept);
  EXPECT_EQ(p.restart_reasons().all().front().cause, RestartCause::kManual);
  EXPECT_EQ(p.restart_reasons().all().back().cause, RestartCause::kReload);
  EXPECT_EQ(p.restarts(), 7);
}

TEST_F(ManagedProcessTest, RestartCommandInACrashLoopStartsAFreshCount) {
  AppSpec spec = Spec();
  spec.max_restarts = 3;
  spec.min_uptime_ms = 5000;  // runs of a second (the respawn floor) are still unstable
  spec.restart_delay_ms = 100;
  ManagedProcess& p = Started(spec);
  ASSERT_TRUE(spawner_.Exit(1));     // unstable 1
  clock_.Advance(kMinRespawnGapMs);  // the delay is 100 ms, the floor a second
  ASSERT_TRUE(spawner_.Exit(1));     // unstable 2
  EXPECT_EQ(p.state(), S::kWaitingRestart);
  EXPECT_EQ(p.restarts(), 2);

  int restarted = 0;
  p.Restart(RestartCause::kManual, [&](Status s) {
    EXPECT_TRUE(s.ok());
    ++restarted;
  });
  EXPECT_EQ(restarted, 1);
  EXPECT_EQ(p.state(), S::kOnline);
  EXPECT_EQ(p.restarts(), 3);
  EXPECT_EQ(spawner_.count(), 3u);
  clock_.Advance(kMinRespawnGapMs);  // the pending restart was cancelled, not run as well
  EXPECT_EQ(spawner_.count(), 3u);

  // The restart reset the crash count: three more quick exits to give up.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(spawner_.Exit(1));
    EXPECT_EQ(p.state(), S::kWaitingRestart);
    clock_.Advance(kMinRespawnGapMs);
  }
  ASSERT_TRUE(spawner_.Exit(1));
  EXPECT_EQ(p.state(), S::kErrored);
  EXPECT_EQ(p.restarts(), 5);
  EXPECT_EQ(p.last_error(),
            "exited too quickly 3 times in a row (min_uptime 5000 ms); not restarting");
  clock_.Advance(10000);
  EXPECT_EQ(spawner_.count(), 5u);

  p.Restart(RestartCause::kManual, [&](Status s) {
    EXPECT_TRUE(s.ok());
    ++restarted;
  });
  EXPECT_EQ(restarted, 2);
  EXPECT_EQ(p.state(), S::kOnline);
  EXPECT_EQ(p.restarts(), 6);
  EXPECT_EQ(p.last_error(), "");
  EXPECT_EQ(killer_.sent.size(), 5u);  // each unexpected exit ends its old group, nothing else
}

TEST_F(ManagedProcessTest, AStopAfterARestartWins) {
  ManagedProcess& p = Started();
  int restarted = 0;
  int stopped = 0;
  p.Restart(RestartCause::kManual, [&](Status s) {
    EXPECT_TRUE(s.ok());
    ++restarted;
  });
  p.Stop([&] { ++stopped; });
  ASSERT_TRUE(spawner_.Exit(0, SIGINT));
  EXPECT_EQ(restarted, 1);
  EXPECT_EQ(stopped, 1);
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(spawner_.count(), 1u);
  EXPECT_EQ(p.restarts(), 0);
}

TEST_F(ManagedProcessTest, AnExitWithAStopCodeStaysStopped) {
  AppSpec spec = Spec();
  spec.stop_exit_codes = {0};
  ManagedProcess& p = Started(spec);
  clock_.Advance(5000);
  ASSERT_TRUE(spawner_.Exit(0));
  EXPECT_EQ(p.state(), S::kStopped);
  EXPECT_EQ(p.restarts(), 0);
  EXPECT_EQ(killer_.sent, (Signals{"SIGKILL -1000"}));  // what is left of its group
  clock_.Advance(60000);
  EXPECT_EQ(spawner_.count(), 1u);
}

}  // namespace
}  // namespace tend

// The restart policy seen from outside: a crash loop ends in `errored`, and the
// waits between restarts follow restart_delay and exp_backoff_restart_delay.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

using namespace std::chrono_literals;

// A home whose scripts append a nanosecond timestamp per start to `stamps`.
class Restarts : public ::testing::Test {
 protected:
  // A script that notes its start, then exits 1.
  std::string CrashingScript() {
    return home.WriteScript("crash.sh", "#!/bin/sh\ndate +%s%N >> " + stamps + "\nexit 1\n");
  }
  size_t Starts() const { return ReadFileLines(stamps).size(); }

  TendHome home;
  const std::string stamps = home.ScratchDir() + "/starts";
};

std::vector<int64_t> GapsMs(const std::vector<std::string>& stamps) {
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < stamps.size(); ++i) {
    gaps.push_back((std::stoll(stamps[i]) - std::stoll(stamps[i - 1])) / 1000000);
  }
  return gaps;
}

TEST_F(Restarts, CrashLoopEndsErroredAfterMaxRestartsAndStaysThere) {
  ASSERT_TRUE(TendOk(home, {"start", CrashingScript(), "-n", "crashy", "--max-restarts", "3"}));
  ASSERT_TRUE(WaitForStatus(home, 0, "errored")) << home.Process(0).dump();
  auto p = home.Process(0);
  // Three quick exits: the first two restart, the third gives up.
  EXPECT_EQ(Starts(), 3u);
  EXPECT_EQ(p["restarts"], 2);
  EXPECT_EQ(p["pid"], 0);
  EXPECT_EQ(p["exit_code"], 1);
  EXPECT_NE(p["last_error"].get<std::string>().find("3 times"), std::string::npos) << p.dump();
  // And nothing starts it again behind our back.
  EXPECT_FALSE(WaitFor([&] { return Starts() > 3; }, 1500ms));
  EXPECT_EQ(home.Process(0)["status"], "errored");

  // `tend restart` gives it a fresh count: three more starts, errored again.
  ASSERT_TRUE(TendOk(home, {"restart", "crashy"}));
  EXPECT_TRUE(WaitFor([&] { return Starts() >= 6; }));
  EXPECT_TRUE(WaitForStatus(home, 0, "errored"));
  EXPECT_FALSE(WaitFor([&] { return Starts() > 6; }, 500ms));
}

TEST_F(Restarts, ExpBackoffSpacesRestartsFurtherApart) {
  // Each run lasts a second, so the floor between spawns adds nothing and the
  // backoff shows in full in the gaps (a second plus the delay).
  const std::string script = home.WriteScript(
      "slow-crash.sh", "#!/bin/sh\ndate +%s%N >> " + stamps + "\nsleep 1\nexit 1\n");
  ASSERT_TRUE(
      TendOk(home, {"start", script, "-n", "backoff", "--exp-backoff-restart-delay", "300"}));
  ASSERT_TRUE(WaitFor([&] { return Starts() >= 5; }, 20s));
  ASSERT_TRUE(TendOk(home, {"stop", "backoff"}));
  const auto gaps = GapsMs(ReadFileLines(stamps));
  ASSERT_GE(gaps.size(), 4u);
  // 300, 450, 675, 1012 ms plus the second of each run: lower bounds only, the machine is shared.
  const int64_t floor[] = {1300, 1450, 1675, 2012};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_GE(gaps[i], floor[i] - 5) << "gap " << i << " of " << ::testing::PrintToString(gaps);
  }
  EXPECT_GT(gaps[3], gaps[0]) << ::testing::PrintToString(gaps);
}

// s6's floor: a program that dies at once is respawned at most once a second,
// whatever max_restarts says (an unbounded crash loop once made 317 spawns a
// second and grew tendd.log by 140 KB/s).
TEST_F(Restarts, ACrashLoopRespawnsAtMostOnceASecond) {
  ASSERT_TRUE(TendOk(home, {"start", CrashingScript(), "-n", "loop", "--max-restarts", "1000000"}));
  ASSERT_TRUE(WaitFor([&] { return Starts() >= 1; }));
  const auto t0 = std::chrono::steady_clock::now();
  const size_t first = Starts();
  auto seconds_since_t0 = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  // More spawns than one a second at any instant of the window (3 s, scaled by the
  // build flavour, so a fixed count would not do) must never be seen.
  EXPECT_FALSE(
      WaitFor([&] { return static_cast<double>(Starts() - first) > seconds_since_t0() + 1; }, 3s));
  const double elapsed_s = seconds_since_t0();
  ASSERT_TRUE(TendOk(home, {"stop", "loop"}));
  const size_t starts = Starts() - first;
  EXPECT_LE(static_cast<double>(starts), elapsed_s + 1)
      << starts << " spawns in " << elapsed_s << " s";
  EXPECT_GE(starts, 1u) << "it must still be respawned";
  for (int64_t gap : GapsMs(ReadFileLines(stamps)))
    EXPECT_GE(gap, 800) << ::testing::PrintToString(GapsMs(ReadFileLines(stamps)));
  EXPECT_EQ(home.Process(0)["status"], "stopped");
}

TEST_F(Restarts, RestartDelayWaitsBeforeEveryRestart) {
  ASSERT_TRUE(TendOk(home, {"start", CrashingScript(), "-n", "delayed", "--restart-delay", "300"}));
  ASSERT_TRUE(WaitFor([&] { return Starts() >= 3; }, 20s));
  ASSERT_TRUE(TendOk(home, {"stop", "delayed"}));
  const auto gaps = GapsMs(ReadFileLines(stamps));
  ASSERT_GE(gaps.size(), 2u);
  for (int64_t gap : gaps)
    EXPECT_GE(gap, 295) << ::testing::PrintToString(gaps);
  // A stop during the wait cancels the pending restart.
  const size_t starts = Starts();
  EXPECT_EQ(home.Process(0)["status"], "stopped");
  EXPECT_FALSE(WaitFor([&] { return Starts() > starts; }, 600ms));
}

TEST_F(Restarts, StopExitCodesAndNoAutorestartLeaveItStopped) {
  const std::string script =
      home.WriteScript("done.sh", "#!/bin/sh\ndate +%s%N >> " + stamps + "\nexit 7\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "done", "--stop-exit-codes", "7"}));
  ASSERT_TRUE(WaitForStatus(home, 0, "stopped"));
  const std::string script2 =
      home.WriteScript("once.sh", "#!/bin/sh\ndate +%s%N >> " + stamps + "\nexit 1\n");
  ASSERT_TRUE(TendOk(home, {"start", script2, "-n", "once", "--no-autorestart"}));
  ASSERT_TRUE(WaitForStatus(home, 1, "stopped"));
  EXPECT_FALSE(WaitFor([&] { return Starts() > 2; }, 500ms));
  EXPECT_EQ(home.Process(0)["restarts"], 0);
  EXPECT_EQ(home.Process(0)["exit_code"], 7);
  EXPECT_EQ(home.Process(1)["restarts"], 0);
}

TEST_F(Restarts, StopOrDeleteDuringTheRestartDelayCancelsIt) {
  const std::string script = CrashingScript();
  for (const char* name : {"a", "b"}) {
    ASSERT_TRUE(TendOk(home, {"start", script, "-n", name, "--restart-delay", "60000"}));
  }
  ASSERT_TRUE(WaitFor([&] {
    auto list = home.List();
    return list.size() == 2 && list[0]["status"] == "waiting restart" &&
           list[1]["status"] == "waiting restart";
  })) << home.List().dump();
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(TendOk(home, {"stop", "a"}));
  ASSERT_TRUE(TendOk(home, {"delete", "b"}));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s) << "waited for the delay";
  auto list = home.List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["name"], "a");
  EXPECT_EQ(list[0]["status"], "stopped");
  // And a later start runs it at once, without the old pending delay.
  ASSERT_TRUE(TendOk(home, {"restart", "a"}));
  EXPECT_TRUE(WaitFor([&] { return Starts() == 3; }));
}

}  // namespace
}  // namespace tend::test

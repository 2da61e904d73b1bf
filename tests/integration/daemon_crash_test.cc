// A daemon that dies (SIGKILL) is not the death of its apps: the next daemon adopts what
// still runs, with its output pipes (kept by tend-fdholder), restarts what should run and
// does not, leaves stopped what was stopped, and says so. See docs/persistence.md.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// Writes numbered lines to stdout (every 10th also to stderr): `$1` of them, then, once
// the file `$2` exists, `$1` more, then sleeps. The numbers show any line lost or doubled.
constexpr const char* kCounter =
    "#!/bin/sh\n"
    "i=0\n"
    "while [ $i -lt $(($1 * 2)) ]; do\n"
    "  [ $i -eq \"$1\" ] && echo half && while [ ! -e \"$2\" ]; do sleep 0.01; done\n"
    "  echo \"line $i\"\n"
    "  [ $((i % 10)) -eq 0 ] && echo \"err $i\" >&2\n"
    "  i=$((i + 1))\n"
    "done\n"
    "echo done\n"
    "exec sleep 300\n";

void KillDaemon(TendHome& home) {
  const pid_t daemon = home.DaemonPid();
  ASSERT_GT(daemon, 0);
  ASSERT_EQ(::kill(daemon, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
}

pid_t PidOf(TendHome& home, int id) {
  return home.Process(id).value("pid", 0);
}

// Starts a `sleep 300` app under each name (pm_ids 0, 1, ...); their pids, tracked.
std::vector<pid_t> StartSleepers(TendHome& home, const std::vector<std::string>& names) {
  const std::string app = home.WriteScript("app.sh", "#!/bin/sh\nexec sleep 300\n");
  std::vector<pid_t> pids;
  for (const auto& name : names) {
    EXPECT_TRUE(TendOk(home, {"start", app, "-n", name}));
    pids.push_back(PidOf(home, static_cast<int>(pids.size())));
    home.Track(pids.back());
  }
  return pids;
}

// The lines "<prefix> <n>" of a log, as numbers, in order.
std::vector<int> Numbers(const std::string& path, const std::string& prefix) {
  std::vector<int> numbers;
  for (const std::string& line : ReadFileLines(path)) {
    if (line.rfind(prefix + " ", 0) == 0)
      numbers.push_back(std::atoi(line.c_str() + prefix.size() + 1));
  }
  return numbers;
}

::testing::AssertionResult EveryNumberOnceInOrder(const std::vector<int>& numbers, int count,
                                                  int step) {
  std::vector<int> expected;
  for (int i = 0; i < count; i += step)
    expected.push_back(i);
  if (numbers == expected) return ::testing::AssertionSuccess();
  int lost = 0;
  std::set<int> seen(numbers.begin(), numbers.end());
  for (int n : expected)
    lost += seen.count(n) == 0;
  return ::testing::AssertionFailure()
         << numbers.size() << " lines, " << lost << " of " << expected.size() << " lost, "
         << (numbers.size() + lost - expected.size()) << " doubled or out of order";
}

// The second half of the lines is written while no daemon runs: into the pipe the holder
// keeps open, then read by the next daemon. (A kill while the daemon holds lines it read
// and has not written yet loses those: the chaos test counts them.)
TEST(DaemonCrash, AppsKeepRunningAndNoLineIsLost) {
  TendHome home;
  const std::string counter = home.WriteScript("counter.sh", kCounter);
  const std::string go = home.ScratchDir() + "/go";
  const int half = 2000;  // 2,000 short lines fit a pipe's 64 KiB: the app never blocks
  for (const std::string name : {"a", "b"}) {
    ASSERT_TRUE(TendOk(home, {"start", counter, "-n", name, "--", std::to_string(half), go}));
  }
  ASSERT_TRUE(WaitForStatus(home, 0, "online"));
  ASSERT_TRUE(WaitForStatus(home, 1, "online"));
  const pid_t a = PidOf(home, 0), b = PidOf(home, 1);
  home.Track(a);
  home.Track(b);
  for (const std::string name : {"a", "b"})
    ASSERT_TRUE(WaitForText(AppLog(home, name), "half"));
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  home.WriteFile("go", "");
  // The apps write on into the pipes the holder keeps: no SIGPIPE, nothing lost.
  EXPECT_TRUE(WaitFor([&] { return !ProcessGone(a) && !ProcessGone(b); }));

  auto r = home.Tend({"ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("recovered from a crash of the previous daemon: 2 process(es) adopted "
                       "running, 0 started again, 0 left stopped"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(PidOf(home, 0), a);
  EXPECT_EQ(PidOf(home, 1), b);
  EXPECT_EQ(home.Process(0)["status"], "online");
  for (const std::string name : {"a", "b"}) {
    ASSERT_TRUE(WaitForText(AppLog(home, name), "done", Scaled(std::chrono::seconds(30))));
    EXPECT_TRUE(EveryNumberOnceInOrder(Numbers(AppLog(home, name), "line"), 2 * half, 1)) << name;
    EXPECT_TRUE(EveryNumberOnceInOrder(Numbers(AppLog(home, name, "error"), "err"), 2 * half, 10))
        << name;
  }
  EXPECT_TRUE(DaemonLogHas(home, "adopted pid " + std::to_string(a)));
}

TEST(DaemonCrash, StoppedStaysStoppedAndWhatDiedMeanwhileStartsAgain) {
  TendHome home;
  const std::string app = home.WriteScript("app.sh", "#!/bin/sh\nexec sleep 300\n");
  for (const std::string name : {"kept", "died", "stopped"})
    ASSERT_TRUE(TendOk(home, {"start", app, "-n", name}));
  ASSERT_TRUE(TendOk(home, {"stop", "stopped"}));
  ASSERT_TRUE(WaitForStatus(home, 1, "online"));
  const pid_t kept = PidOf(home, 0), died = PidOf(home, 1);
  home.Track(kept);
  home.Track(died);
  const int restarts = home.Process(1).value("restarts", -1);
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  ASSERT_EQ(::kill(died, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(died); }));

  auto r = home.Tend({"ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 process(es) adopted running, 1 started again, 1 left stopped"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(PidOf(home, 0), kept);
  ASSERT_TRUE(WaitForStatus(home, 1, "online"));
  EXPECT_NE(PidOf(home, 1), died);
  home.Track(PidOf(home, 1));
  EXPECT_EQ(home.Process(1).value("restarts", -1), restarts + 1);
  EXPECT_EQ(home.Process(2)["status"], "stopped");
}

TEST(DaemonCrash, AnAdoptedProcessStopsRestartsAndSurvivesASecondCrash) {
  TendHome home;
  const auto pids = StartSleepers(home, {"one", "two"});
  const pid_t one = pids[0], two = pids[1];
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  ASSERT_TRUE(TendOk(home, {"ls"}));
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));  // adopted, then the new daemon dies too
  auto r = home.Tend({"ls"});
  EXPECT_NE(r.err.find("2 process(es) adopted running"), std::string::npos) << r.err;
  EXPECT_EQ(PidOf(home, 0), one);

  ASSERT_TRUE(TendOk(home, {"stop", "one"}));  // a process that is no child of ours
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(one); }));
  EXPECT_EQ(home.Process(0)["status"], "stopped");
  ASSERT_TRUE(TendOk(home, {"restart", "two"}));
  ASSERT_TRUE(WaitForStatus(home, 1, "online"));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(two); }));
  EXPECT_NE(PidOf(home, 1), two);
  home.Track(PidOf(home, 1));
}

// `stop` and `kill` never start a daemon to find nothing, but after a crash the apps run.
TEST(DaemonCrash, StopAndKillAfterACrashActOnTheAppsThatStillRun) {
  TendHome home;
  const auto pids = StartSleepers(home, {"one", "two"});
  const pid_t one = pids[0], two = pids[1];
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  auto r = home.Tend({"stop", "one"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(one); }));
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  r = home.Tend({"kill"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(two); })) << "kill left an app running";
}

// The listening socket a cluster's instances share is kept by the holder too: after a
// crash a reload hands the new instances the same socket (a new bind would find it taken).
TEST(DaemonCrash, AReloadAfterACrashServesOnTheSameSocket) {
  TendHome home;
  const int port = FreePort();
  ASSERT_TRUE(TendOk(home, {"start", TEND_LISTEN_SERVER, "-n", "srv", "-i", "2", "--listen",
                            std::to_string(port)}));
  ASSERT_TRUE(WaitFor([&] { return AskServer(port).has_value(); }));
  const std::set<pid_t> before = OnlinePids(home);
  for (pid_t p : before)
    home.Track(p);
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  EXPECT_TRUE(AskServer(port).has_value()) << "the instances stopped serving with the daemon";
  ASSERT_TRUE(TendOk(home, {"reload", "srv"}));
  const std::set<pid_t> after = OnlinePids(home);
  for (pid_t p : after)
    home.Track(p);
  EXPECT_EQ(after.size(), 2u);
  for (pid_t p : before)
    EXPECT_EQ(after.count(p), 0u) << "pid " << p << " was not replaced";
  int answered = 0;
  for (int i = 0; i < 20; ++i)
    answered += AskServer(port).has_value();
  EXPECT_EQ(answered, 20);
  for (const auto& p : home.List())
    EXPECT_EQ(p["status"], "online") << p.dump();
}

TEST(DaemonCrash, AnAdoptedProcessThatExitsIsRestartedByItsPolicy) {
  TendHome home;
  const pid_t one = StartSleepers(home, {"one"})[0];
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  ASSERT_TRUE(TendOk(home, {"ls"}));
  ASSERT_EQ(::kill(one, SIGKILL), 0);
  EXPECT_TRUE(WaitFor([&] { return PidOf(home, 0) != one && PidOf(home, 0) > 0; }));
  home.Track(PidOf(home, 0));
  EXPECT_TRUE(DaemonLogHas(home, "status unknown: adopted"));
}

TEST(DaemonCrash, ACleanExitLeavesNoStateAndNoHolder) {
  TendHome home;
  const std::string app = home.WriteScript("app.sh", "#!/bin/sh\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", app, "-n", "one"}));
  const std::string state = home.path() + "/home/run/state.json";
  EXPECT_TRUE(WaitFor([&] { return !ReadWholeFile(state).empty(); }));
  const pid_t holder = std::atoi(ReadWholeFile(home.path() + "/home/run/fdholder.pid").c_str());
  ASSERT_GT(holder, 0);
  EXPECT_FALSE(ProcessGone(holder));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(holder); }));
  EXPECT_EQ(ReadWholeFile(state), "");
  auto r = home.Tend({"ls"});
  EXPECT_EQ(r.err.find("recovered"), std::string::npos) << r.err;
}

// A daemon that cannot start (here: a directory where its socket goes) must not throw
// away what the crashed one left: the next daemon that starts still recovers.
TEST(DaemonCrash, ADaemonThatFailsToStartLeavesTheCrashStateForTheNext) {
  TendHome home;
  const pid_t one = StartSleepers(home, {"one"})[0];
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  const std::string socket = home.path() + "/home/tend.sock";
  ::unlink(socket.c_str());
  ASSERT_EQ(::mkdir(socket.c_str(), 0700), 0);
  auto r = home.Tend({"ls"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  ASSERT_EQ(::rmdir(socket.c_str()), 0);
  r = home.Tend({"ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 process(es) adopted running"), std::string::npos) << r.err;
  EXPECT_EQ(PidOf(home, 0), one);
}

TEST(DaemonCrash, AStateFromAnEarlierBootIsNoCrash) {
  TendHome home;
  const pid_t one = StartSleepers(home, {"one"})[0];
  const std::string state = home.path() + "/home/run/state.json";
  ASSERT_TRUE(WaitFor([&] { return !ReadWholeFile(state).empty(); }));
  ASSERT_NO_FATAL_FAILURE(KillDaemon(home));
  auto j = nlohmann::json::parse(ReadWholeFile(state));
  j["boot_id"] = "00000000-0000-0000-0000-000000000000";
  std::ofstream(state) << j.dump();
  auto r = home.Tend({"ls", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).size(), 0u) << r.out;
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(one); })) << "a survivor runs unsupervised";
}

}  // namespace
}  // namespace tend::test

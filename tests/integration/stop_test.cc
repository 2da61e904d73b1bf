// Stopping reaches the whole tree: kill_timeout ends a child that ignores the
// stop signal, and stop, delete, kill and an unexpected exit leave no grandchild.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A shell that starts three background sleeps, writes their pids, and waits.
// Background jobs of a non-interactive shell ignore SIGINT, so only the group
// SIGKILL after kill_timeout ends them.
struct Family {
  pid_t pid = 0;
  std::vector<pid_t> kids;
};

Family StartFamily(TendHome& home, const std::vector<std::string>& extra_flags = {}) {
  const std::string kids = home.ScratchDir() + "/kids";
  const std::string script =
      home.WriteScript("family.sh", "#!/bin/sh\nfor i in 1 2 3; do sleep 300 & echo $! >> " + kids +
                                        "; done\necho ready > " + kids + ".ready\nwait\n");
  std::vector<std::string> args = {"start", script, "-n", "family", "--kill-timeout", "300"};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  auto r = home.Tend(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Family f;
  EXPECT_TRUE(WaitForNonEmpty(kids + ".ready"));
  for (const auto& line : ReadFileLines(kids)) {
    f.kids.push_back(std::stoi(line));
    home.Track(f.kids.back());
  }
  EXPECT_EQ(f.kids.size(), 3u);
  f.pid = home.Process(0)["pid"];
  home.Track(f.pid);
  EXPECT_GT(f.pid, 0);
  EXPECT_EQ(GroupMembers(f.pid).size(), 4u);
  return f;
}

void ExpectAllGone(const Family& f) {
  EXPECT_TRUE(WaitFor([&] { return GroupMembers(f.pid).empty(); }, seconds(5)))
      << GroupMembers(f.pid).size() << " left in group " << f.pid;
  EXPECT_TRUE(ProcessGone(f.pid));
  for (pid_t kid : f.kids)
    EXPECT_TRUE(ProcessGone(kid)) << "grandchild " << kid;
}

TEST(Stop, ChildIgnoringSigintIsKilledAfterKillTimeout) {
  TendHome home;
  pid_t pid = 0;
  ASSERT_NO_FATAL_FAILURE(StartIgnoringSigint(home, "stubborn", 500, &pid));
  const auto t0 = std::chrono::steady_clock::now();
  auto r = home.Tend({"stop", "stubborn"});
  const auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(took.count(), 490);
  EXPECT_TRUE(ProcessGone(pid)) << "stop answered before the process was gone";
  EXPECT_TRUE(GroupMembers(pid).empty());
  auto p = home.Process(0);
  EXPECT_EQ(p["status"], "stopped");
  EXPECT_EQ(p["exit_signal"], "SIGKILL");
}

// Starts the family and ends it with `tend <verb> family`. The answer comes once the
// whole group is gone, not just the main process.
void EndFamilyWith(TendHome& home, const std::string& verb) {
  const Family f = StartFamily(home);
  ASSERT_TRUE(TendOk(home, {verb, "family"}));
  EXPECT_TRUE(GroupMembers(f.pid).empty());
  ExpectAllGone(f);
}

TEST(Stop, StopLeavesNoGrandchild) {
  TendHome home;
  ASSERT_NO_FATAL_FAILURE(EndFamilyWith(home, "stop"));
  EXPECT_EQ(home.Process(0)["status"], "stopped");
}

TEST(Stop, DeleteLeavesNoGrandchild) {
  TendHome home;
  ASSERT_NO_FATAL_FAILURE(EndFamilyWith(home, "delete"));
  EXPECT_TRUE(home.List().empty());
}

TEST(Stop, KillLeavesNoGrandchild) {
  TendHome home;
  const Family f = StartFamily(home);
  const pid_t daemon = home.DaemonPid();
  ASSERT_TRUE(TendOk(home, {"kill"}));
  ExpectAllGone(f);
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
}

TEST(Stop, NoTreekillSignalsOnlyTheMainProcess) {
  // PM2's treekill:false: the stop signal goes to the main process alone, so
  // its children outlive it (until someone else ends them: here, teardown).
  TendHome home;
  const Family f = StartFamily(home, {"--no-treekill"});
  ASSERT_TRUE(TendOk(home, {"stop", "family"}));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(f.pid); }));
  EXPECT_EQ(home.Process(0)["status"], "stopped");
  for (pid_t kid : f.kids)
    EXPECT_FALSE(ProcessGone(kid)) << "grandchild " << kid;
  for (pid_t kid : f.kids)
    ::kill(kid, SIGKILL);
  EXPECT_TRUE(WaitFor([&] { return GroupMembers(f.pid).empty(); }));
}

TEST(Stop, UnexpectedExitKillsLeftoversBeforeTheRestart) {
  TendHome home;
  const std::string kid_file = home.ScratchDir() + "/kid";
  // First run: leave a background sleep behind and crash; later runs just sleep.
  const std::string script = home.WriteScript(
      "leaky.sh", "#!/bin/sh\nif [ -s " + kid_file + " ]; then exec sleep 300; fi\nsleep 300 &\n" +
                      "echo $! > " + kid_file + "\nexit 1\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "leaky"}));
  ASSERT_TRUE(WaitForNonEmpty(kid_file));
  const pid_t kid = std::stoi(ReadWholeFile(kid_file));
  home.Track(kid);
  ASSERT_TRUE(WaitFor([&] {
    auto p = home.Process(0);
    return p["status"] == "online" && p["restarts"] == 1;
  }));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(kid); }, seconds(2)))
      << "the crashed run's child " << kid << " survived the restart";
  const pid_t pid = home.Process(0)["pid"];
  home.Track(pid);
  EXPECT_EQ(GroupMembers(pid), std::vector<pid_t>{pid});
}

// Starts `x`, which ignores SIGINT and appends the pid of each start to `pids`, with a
// kill_timeout of 600 ms, and waits for its first start.
void StartStubbornX(TendHome& home, const std::string& pids) {
  const std::string script = home.WriteScript(
      "stubborn.sh", "#!/bin/sh\ntrap '' INT\necho $$ >> " + pids + "\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "x", "--kill-timeout", "600"}));
  ASSERT_TRUE(WaitFor([&] { return ReadFileLines(pids).size() == 1; }));
  home.Track(std::stoi(ReadFileLines(pids)[0]));
}

// A restart and a delete of the same app in flight together: whatever order
// they land in, the app is gone and so is every process it started.
void RestartAndDeleteTogether(bool delete_first) {
  TendHome home;
  const std::string pids = home.ScratchDir() + "/pids";
  ASSERT_NO_FATAL_FAILURE(StartStubbornX(home, pids));
  const std::vector<std::string> first = {delete_first ? "delete" : "restart", "x"};
  const std::vector<std::string> second = {delete_first ? "restart" : "delete", "x"};
  CmdResult r1, r2;
  std::thread t([&] { r1 = home.Tend(first); });
  // The second lands while the first waits out kill_timeout.
  ASSERT_TRUE(WaitFor([&] {
    auto p = home.Process(0);
    return p.is_null() || p["status"] == "stopping";
  }));
  r2 = home.Tend(second);
  t.join();
  EXPECT_EQ(r1.exit_code, 0) << r1.err;
  EXPECT_TRUE(home.List().empty()) << home.List().dump();
  for (const auto& line : ReadFileLines(pids)) {
    const pid_t pid = std::stoi(line);
    home.Track(pid);
    EXPECT_TRUE(WaitFor([&] { return ProcessGone(pid); }, seconds(3)))
        << "process " << pid << " of the deleted app still runs";
  }
}

TEST(Stop, AStopThatLandsDuringARestartWins) {
  TendHome home;
  const std::string pids = home.ScratchDir() + "/pids";
  ASSERT_NO_FATAL_FAILURE(StartStubbornX(home, pids));
  CmdResult restarted;
  std::thread t([&] { restarted = home.Tend({"restart", "x"}); });
  ASSERT_TRUE(WaitForStatus(home, 0, "stopping"));
  auto r = home.Tend({"stop", "x", "--json"});
  t.join();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto answer = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(answer.is_array()) << r.out;
  EXPECT_EQ(answer[0]["status"], "stopped") << "the stop was asked last";
  EXPECT_EQ(home.Process(0)["status"], "stopped");
  for (const auto& line : ReadFileLines(pids)) {
    home.Track(std::stoi(line));
    EXPECT_TRUE(ProcessGone(std::stoi(line))) << line;
  }
}

TEST(Stop, RestartThenDeleteInFlightLeavesNothingRunning) {
  RestartAndDeleteTogether(false);
}

TEST(Stop, DeleteThenRestartInFlightLeavesNothingRunning) {
  RestartAndDeleteTogether(true);
}

}  // namespace
}  // namespace tend::test

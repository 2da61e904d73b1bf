// Ending the daemon: `tend kill` and SIGTERM both stop every app gracefully,
// then the daemon exits and removes its socket.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

using std::chrono::seconds;

// Two apps that note how they ended: a graceful stop runs their INT trap.
std::vector<pid_t> StartTwoApps(TendHome& home) {
  std::vector<pid_t> pids;
  for (const std::string name : {"one", "two"}) {
    const std::string mark = home.ScratchDir() + "/" + name;
    // Short sleeps in the app itself: sh runs the INT trap only between commands.
    const std::string script = home.WriteScript(
        name + ".sh", "#!/bin/sh\ntrap 'echo graceful > " + mark + ".bye; exit 0' INT\necho x > " +
                          mark + ".ready\nwhile :; do sleep 0.1; done\n");
    auto r = home.Tend({"start", script, "-n", name});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(WaitForNonEmpty(mark + ".ready"));
  }
  for (const auto& p : home.List()) {
    pids.push_back(p["pid"]);
    home.Track(pids.back());
  }
  EXPECT_EQ(pids.size(), 2u);
  return pids;
}

void ExpectEverythingGone(TendHome& home, pid_t daemon, const std::vector<pid_t>& pids) {
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(daemon); }, seconds(10)));
  for (pid_t pid : pids) {
    EXPECT_TRUE(ProcessGone(pid)) << pid;
    EXPECT_TRUE(GroupMembers(pid).empty()) << pid;
  }
  for (const std::string name : {"one", "two"}) {
    EXPECT_EQ(ReadWholeFile(home.ScratchDir() + "/" + name + ".bye"), "graceful\n") << name;
  }
  EXPECT_FALSE(std::filesystem::exists(home.path() + "/home/tend.sock"));
}

TEST(Shutdown, KillStopsEveryAppGracefullyThenTheDaemon) {
  TendHome home;
  const auto pids = StartTwoApps(home);
  const pid_t daemon = home.DaemonPid();
  auto r = home.Tend({"kill"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // `kill` returns once the daemon is gone, so a next `tend` starts a new one.
  EXPECT_TRUE(ProcessGone(daemon));
  ExpectEverythingGone(home, daemon, pids);
  r = home.Tend({"kill"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("not running"), std::string::npos) << r.out;
}

TEST(Shutdown, SigtermDoesTheSame) {
  TendHome home;
  const auto pids = StartTwoApps(home);
  const pid_t daemon = home.DaemonPid();
  ASSERT_EQ(::kill(daemon, SIGTERM), 0);
  ExpectEverythingGone(home, daemon, pids);
  // A fresh daemon comes up on demand afterwards.
  auto r = home.Tend({"ping"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(home.DaemonPid(), daemon);
}

}  // namespace
}  // namespace tend::test

// Zombies nobody reaps. In a container whose PID 1 never calls wait(), an
// orphaned grandchild stays a zombie for good, and so does an exited daemon.
// tend must treat an exited process as gone whether or not it was reaped.
// The test process makes itself a child subreaper, so those orphans (and the
// daemonized tendd) become its children and stay zombies until it reaps them.
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <string>
#include <thread>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class Unreaped : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0); }
  void TearDown() override {
    // Let the harness stop the daemon, reaping it as soon as it exits.
    for (pid_t pid : orphans_)
      ::waitpid(pid, nullptr, WNOHANG);
    const pid_t daemon = home_.DaemonPid();
    std::thread reaper([daemon] {
      if (daemon > 0) ::waitpid(daemon, nullptr, 0);
    });
    (void)home_.Tend({"kill"});
    reaper.join();
    for (pid_t pid : orphans_)
      ::waitpid(pid, nullptr, WNOHANG);
    ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  }
  // Runs tend with a deadline shorter than the harness's 60 s.
  CmdResult TendQuick(const std::vector<std::string>& args, milliseconds* took) {
    std::vector<std::string> argv{TendBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto t0 = std::chrono::steady_clock::now();
    auto r = RunProgram(argv, home_.Env(), seconds(15), home_.ScratchDir());
    *took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - t0);
    return r;
  }
  TendHome home_;
  std::vector<pid_t> orphans_;
};

TEST_F(Unreaped, StopFinishesWhenTheGroupIsOnlyZombies) {
  const std::string kids = home_.ScratchDir() + "/kids";
  const std::string script =
      home_.WriteScript("family.sh", "#!/bin/sh\nfor i in 1 2 3; do sleep 300 & echo $! >> " +
                                         kids + "; done\necho ready > " + kids + ".ready\nwait\n");
  auto r = home_.Tend({"start", script, "-n", "family", "--kill-timeout", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitForNonEmpty(kids + ".ready"));
  for (const auto& line : ReadFileLines(kids)) {
    orphans_.push_back(std::stoi(line));
    home_.Track(orphans_.back());
  }
  const pid_t pid = home_.Process(0)["pid"];
  milliseconds took{};
  r = TendQuick({"stop", "family"}, &took);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // kill_timeout (300 ms) and the SIGKILL end them; waiting for a reap that
  // never comes would hang the stop forever.
  EXPECT_LT(took.count(), 5000);
  EXPECT_EQ(home_.Process(0)["status"], "stopped");
  for (pid_t kid : orphans_)
    EXPECT_TRUE(ProcessGone(kid)) << kid;
  EXPECT_TRUE(GroupMembers(pid).empty());
}

TEST_F(Unreaped, KillReturnsOnceTheDaemonExitedEvenIfNotReaped) {
  ASSERT_TRUE(TendOk(home_, {"ping"}));
  const pid_t daemon = home_.DaemonPid();
  milliseconds took{};
  auto r = TendQuick({"kill"}, &took);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(ProcessGone(daemon));
  EXPECT_LT(took.count(), 5000) << "kill waited for the daemon to be reaped";
  ::waitpid(daemon, nullptr, 0);
}

}  // namespace
}  // namespace tend::test

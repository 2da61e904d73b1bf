// save / resurrect / cleardump / set / get, and a daemon killed with SIGKILL.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(Persistence, SaveThenResurrectAfterKillRestoresIdsNamesAndStatus) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "a", "--", "300"}));
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "b", "--", "300"}));
  ASSERT_TRUE(TendOk(home, {"stop", "b"}));
  auto r = home.Tend({"save"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(TendOk(home, {"kill"}));
  r = home.Tend({"resurrect"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "a");
  EXPECT_EQ(list[0]["status"], "online");
  EXPECT_EQ(list[1]["name"], "b");
  EXPECT_EQ(list[1]["pm_id"], 1);
  EXPECT_EQ(list[1]["status"], "stopped");
  // Resurrect again: both names are known, so nothing runs twice.
  r = home.Tend({"resurrect"});
  EXPECT_NE(r.err.find("a is already in the process list"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("b is already in the process list"), std::string::npos) << r.err;
  EXPECT_EQ(home.List().size(), 2u);
}

TEST(Persistence, SaveRefusesAnEmptyListWithoutForce) {
  TendHome home;
  auto r = home.Tend({"save"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_TRUE(TendOk(home, {"save", "--force"}));
}

TEST(Persistence, DaemonKilledHardThenResurrectAdoptsEveryAppAndRunsItExactlyOnce) {
  TendHome home;
  const std::string marker = home.ScratchDir() + "/starts";
  const std::string script =
      home.WriteScript("app.sh", "#!/bin/sh\necho $$ >> " + marker + "\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "app"}));
  const pid_t old_pid = home.Process(0)["pid"];
  home.Track(old_pid);
  // autosave recorded the pid and its start time; now the daemon dies hard.
  ASSERT_TRUE(WaitFor([&] { return std::ifstream(home.path() + "/home/dump.json").good(); }));
  const pid_t daemon = home.DaemonPid();
  ASSERT_EQ(::kill(daemon, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
  EXPECT_FALSE(ProcessGone(old_pid)) << "the app should outlive a crashed daemon";
  // The next daemon recovers from the live state: the survivor is adopted, not started
  // again (the dump's resurrect is for a reboot, not a crash).
  auto r = RunProgram({TenddBinary(), "--resurrect"}, home.Env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 process(es) adopted running"), std::string::npos) << r.err;
  auto list = home.List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["status"], "online");
  EXPECT_EQ(list[0]["pid"], old_pid);
  EXPECT_FALSE(ProcessGone(old_pid));
  EXPECT_EQ(ReadFileLines(marker).size(), 1u) << "started twice";
}

TEST(Persistence, SetAndGetSettingsWithDidYouMean) {
  TendHome home;
  auto r = home.Tend({"set", "autosave", "false"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = home.Tend({"get", "autosave"});
  EXPECT_EQ(r.out, "false\n");
  r = home.Tend({"set", "autosav", "true"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("did you mean 'autosave'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tend::test

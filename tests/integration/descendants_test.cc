// No process outlives its app: the processes an app starts that leave its process group
// (setsid) or lose their parent (a double fork) are stopped with it, by a stop, a restart,
// a crash of the app, `tend kill`, and after a crash of the daemon; with a cgroup per app and with
// its marks alone.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;

constexpr int kInSessions = 50;  // setsid() in the app's own child
constexpr int kOrphans = 10;     // setsid() in a child whose parent then exits

int LiveAmong(const std::vector<pid_t>& pids) {
  int live = 0;
  for (pid_t p : pids)
    live += ProcessGone(p) ? 0 : 1;
  return live;
}

// Zombies among the children of `pid`: orphans it inherited and did not reap.
int ZombieChildren(pid_t pid) {
  int zombies = 0;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "children");
    for (pid_t child; in >> child;) {
      std::ifstream stat("/proc/" + std::to_string(child) + "/stat");
      std::string line;
      std::getline(stat, line);
      const size_t paren = line.rfind(')');
      if (paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z') {
        ++zombies;
      }
    }
  }
  return zombies;
}

class Descendants : public ::testing::TestWithParam<bool> {
 protected:
  // Starts the app; returns once all its descendants run.
  void StartApp() {
    marker_ = home_.ScratchDir() + "/descendants";
    const std::string script = home_.WriteScript("spawner.sh",
                                                 "#!/bin/sh\n"
                                                 "i=0\n"
                                                 "while [ $i -lt " +
                                                     std::to_string(kInSessions) +
                                                     " ]; do\n"
                                                     "  setsid sleep 300 & echo $! >> " +
                                                     marker_ +
                                                     "\n"
                                                     "  i=$((i+1))\n"
                                                     "done\n"
                                                     "i=0\n"
                                                     "while [ $i -lt " +
                                                     std::to_string(kOrphans) +
                                                     " ]; do\n"
                                                     "  sh -c 'setsid sleep 300 & echo $! >> " +
                                                     marker_ +
                                                     "'\n"
                                                     "  i=$((i+1))\n"
                                                     "done\n"
                                                     "exec sleep 300\n");
    std::map<std::string, std::string> env;
    if (!GetParam()) env["TEND_CGROUPS"] = "0";
    ASSERT_TRUE(TendOk(home_, {"start", script, "-n", "spawner"}, env));
    WaitForRun(1);
  }

  // Until `runs` runs of the app have started all their descendants; tracks them.
  void WaitForRun(int runs) {
    const size_t want = static_cast<size_t>(runs) * (kInSessions + kOrphans);
    ASSERT_TRUE(WaitFor([&] { return PidsIn(marker_).size() >= want; }, std::chrono::seconds(60)))
        << PidsIn(marker_).size() << " of " << want;
    for (pid_t p : PidsIn(marker_))
      home_.Track(p);
  }

  std::vector<pid_t> RunPids(int run) const {
    auto all = PidsIn(marker_);
    const size_t per_run = kInSessions + kOrphans;
    return {all.begin() + run * per_run, all.begin() + (run + 1) * per_run};
  }

  TendHome home_;
  std::string marker_;
};

TEST_P(Descendants, AStopEndsEveryProcessTheAppStarted) {
  StartApp();
  EXPECT_EQ(LiveAmong(RunPids(0)), kInSessions + kOrphans);
  const pid_t main_pid = home_.List()[0]["pid"];
  if (GetParam() &&
      ReadWholeFile(home_.path() + "/home/tendd.log").find("one per app") != std::string::npos) {
    // Where the daemon may make cgroups, the app has its own.
    EXPECT_NE(ReadWholeFile("/proc/" + std::to_string(main_pid) + "/cgroup").find("/app-0"),
              std::string::npos);
  }
  ASSERT_TRUE(TendOk(home_, {"stop", "spawner"}));
  // The stop's answer comes once the run has no live process left.
  EXPECT_EQ(LiveAmong(RunPids(0)), 0);
  EXPECT_TRUE(WaitFor([&] { return ZombieChildren(home_.DaemonPid()) == 0; }))
      << "the daemon left its inherited orphans unreaped";
}

TEST_P(Descendants, ARestartOrACrashOfTheAppNeverDoublesThem) {
  StartApp();
  ASSERT_TRUE(TendOk(home_, {"restart", "spawner"}));
  WaitForRun(2);
  EXPECT_EQ(LiveAmong(RunPids(0)), 0) << "the first run's processes outlived it";
  EXPECT_EQ(LiveAmong(RunPids(1)), kInSessions + kOrphans);

  // The app's main process dies: what it started goes before the next run starts.
  const pid_t main_pid = home_.List()[0]["pid"];
  ASSERT_EQ(::kill(main_pid, SIGKILL), 0);
  WaitForRun(3);
  EXPECT_EQ(LiveAmong(RunPids(1)), 0) << "a crashed run's processes outlived it";
  EXPECT_EQ(LiveAmong(RunPids(2)), kInSessions + kOrphans);
}

TEST_P(Descendants, TendKillLeavesNoneBehind) {
  StartApp();
  const pid_t daemon = home_.DaemonPid();
  ASSERT_TRUE(TendOk(home_, {"kill"}));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
  EXPECT_EQ(LiveAmong(RunPids(0)), 0);
}

TEST_P(Descendants, ADaemonCrashLeavesThemWithTheirAdoptedAppUntilItStops) {
  StartApp();
  const pid_t daemon = home_.DaemonPid();
  ASSERT_EQ(::kill(daemon, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
  std::map<std::string, std::string> env;
  if (!GetParam()) env["TEND_CGROUPS"] = "0";
  auto r = home_.Tend({"ls"}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("1 process(es) adopted running"), std::string::npos) << r.err;
  EXPECT_EQ(LiveAmong(RunPids(0)), kInSessions + kOrphans)
      << "the processes of an adopted app were stopped as strays";
  ASSERT_TRUE(TendOk(home_, {"stop", "spawner"}));
  EXPECT_EQ(LiveAmong(RunPids(0)), 0) << "an adopted app's processes outlived its stop";
}

INSTANTIATE_TEST_SUITE_P(CgroupsOrMarks, Descendants, ::testing::Bool(),
                         [](const auto& p) { return p.param ? "Cgroups" : "MarksOnly"; });

}  // namespace
}  // namespace tend::test

// The daemon killed with SIGKILL at random points while apps start, stop, restart, reload
// and log numbered lines: after each kill the next daemon must show every app in a state
// its commands allow, with exactly one live process for each app meant to run and none
// for the others; at the end every line each run wrote is counted (lost and doubled).
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// "<pid> <n>" lines, one every few ms, until stopped.
constexpr const char* kWriter =
    "#!/bin/sh\n"
    "i=0\n"
    "while :; do\n"
    "  echo \"$$ $i\"\n"
    "  i=$((i + 1))\n"
    "  [ $((i % 5)) -eq 0 ] && sleep 0.01\n"
    "done\n";

// pm_id -> live pids of this home's children, found as the daemon finds them.
std::map<int, std::set<pid_t>> LiveChildren(const std::string& home_root) {
  std::map<int, std::set<pid_t>> out;
  DIR* dir = ::opendir("/proc");
  while (const dirent* e = dir ? ::readdir(dir) : nullptr) {
    const pid_t pid = std::atoi(e->d_name);
    if (pid <= 0 || ProcessGone(pid)) continue;
    const std::string env = ReadWholeFile("/proc/" + std::to_string(pid) + "/environ");
    if (env.find(std::string("TEND_HOME=") + home_root + '\0') == std::string::npos) continue;
    const std::string stat = ReadWholeFile("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    int pgrp = 0, ppid = 0;
    char state = 0;
    if (close == std::string::npos ||
        std::sscanf(stat.c_str() + close + 2, "%c %d %d", &state, &ppid, &pgrp) != 3 ||
        pgrp != pid) {
      continue;  // a helper (sleep) inside the app's group
    }
    const auto at = env.find(std::string("\0pm_id=", 7));
    if (at != std::string::npos) out[std::atoi(env.c_str() + at + 7)].insert(pid);
  }
  if (dir) ::closedir(dir);
  return out;
}

struct LineCount {
  int runs = 0, lines = 0, lost = 0, doubled = 0, largest_gap = 0;
};

// Every run's numbers must go 0, 1, 2, ... ; gaps are lost lines.
LineCount CountLines(const std::vector<std::string>& logs) {
  std::map<pid_t, std::vector<int>> by_pid;
  for (const auto& log : logs) {
    for (const auto& line : ReadFileLines(log)) {
      int pid = 0, n = 0;
      if (std::sscanf(line.c_str(), "%d %d", &pid, &n) == 2) by_pid[pid].push_back(n);
    }
  }
  LineCount c;
  for (auto& [pid, numbers] : by_pid) {
    ++c.runs;
    int next = 0;
    for (int n : numbers) {
      ++c.lines;
      if (n < next) {
        ++c.doubled;
        continue;
      }
      c.lost += n - next;
      c.largest_gap = std::max(c.largest_gap, n - next);
      next = n + 1;
    }
  }
  return c;
}

TEST(DaemonChaos, KillsAtRandomPointsLoseNoAppAndRunNothingTwice) {
  TendHome home;
  const std::string writer = home.WriteScript("writer.sh", kWriter);
  const std::string root = home.path() + "/home";
  // 50 kills in a release build, as the issue asks; fewer under sanitizers, each slower.
  const int rounds = SlowdownFactor() == 1 ? 50 : 12;
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::vector<std::string> names = {"w0", "w1", "w2"};
  for (const auto& n : names)
    ASSERT_TRUE(TendOk(home, {"start", writer, "-n", n, "--kill-timeout", "2000"}));
  const std::vector<std::string> verbs = {"start", "stop", "restart", "reload"};
  for (int round = 0; round < rounds; ++round) {
    const std::string verb = verbs[rng() % verbs.size()];
    std::string name = names[rng() % names.size()];
    if (verb == "start" && rng() % 2 == 0 && names.size() < 6) {
      name = "w" + std::to_string(names.size());
      names.push_back(name);
    }
    std::vector<std::string> args = {verb, name};
    if (verb == "start") args = {"start", writer, "-n", name, "--kill-timeout", "2000"};
    const pid_t daemon = home.DaemonPid();
    CmdResult answer;
    std::thread op([&] { answer = home.Tend(args); });
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 200));  // the random point
    ::kill(daemon, SIGKILL);
    op.join();
    ASSERT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
    SCOPED_TRACE("round " + std::to_string(round) + ": tend " + args[0] + " " + name +
                 " answered " + std::to_string(answer.exit_code));

    auto r = home.Tend({"ls"});  // the next daemon, recovering
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(WaitFor([&] {
      for (const auto& p : home.List())
        if (p["status"] != "online" && p["status"] != "stopped") return false;
      return true;
    })) << home.List().dump();
    const auto list = home.List();
    const auto live = LiveChildren(root);
    std::set<int> listed;
    for (const auto& p : list) {
      const int id = p["pm_id"];
      listed.insert(id);
      const auto it = live.find(id);
      const size_t running = it == live.end() ? 0 : it->second.size();
      if (p["status"] == "online") {
        EXPECT_EQ(running, 1u) << p["name"] << " online with " << running << " processes";
        if (running == 1) {
          EXPECT_EQ(*it->second.begin(), p.value("pid", 0)) << p["name"];
        }
      } else {
        EXPECT_EQ(running, 0u) << p["name"] << " stopped with live processes";
      }
      // What the daemon answered before it died holds after it.
      if (answer.exit_code == 0 && p["name"] == name) {
        EXPECT_EQ(p["status"], verb == "stop" ? "stopped" : "online") << p["name"];
      }
    }
    for (const auto& [id, pids] : live)
      EXPECT_EQ(listed.count(id), 1u) << "pm_id " << id << " runs but is not listed";
    if (::testing::Test::HasFailure()) break;
  }
  ASSERT_TRUE(TendOk(home, {"stop", "all"}));
  std::vector<std::string> logs;
  for (const auto& n : names)
    logs.push_back(AppLog(home, n));
  const LineCount c = CountLines(logs);
  std::cout << "[chaos] " << rounds << " kills, seed " << seed << ": " << c.runs << " runs, "
            << c.lines << " lines, " << c.lost << " lost (largest gap " << c.largest_gap << "), "
            << c.doubled << " doubled\n";
  RecordProperty("lines_lost", c.lost);
  RecordProperty("lines_doubled", c.doubled);
  EXPECT_EQ(c.doubled, 0);
  // A kill can take with it what the daemon had read and not yet written: at most a read's
  // worth per app and kill (a few lines of this writer), never a run's worth.
  EXPECT_LE(c.largest_gap, 50) << "a gap larger than one read";
}

}  // namespace
}  // namespace tend::test

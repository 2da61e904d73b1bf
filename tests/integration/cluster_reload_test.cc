// `tend reload`: rolling replacement behind a socket the daemon holds.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

void StartServer(TendHome& home, int port, std::map<std::string, std::string> env = {}) {
  auto r = home.Tend({"start", TEND_LISTEN_SERVER, "-n", "srv", "-i", "2", "--listen",
                      std::to_string(port), "--wait-ready", "--listen-timeout", "20000"},
                     env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return OnlinePids(home).size() == 2; }));
}

TEST(ClusterReload, ReplacesEveryInstanceWithoutAFailedConnection) {
  TendHome home;
  const int port = FreePort();
  StartServer(home, port, {{"READY_DELAY_MS", "200"}});
  const auto before = OnlinePids(home);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  std::thread clients([&] {
    while (!stop) {
      if (AskServer(port)) {
        ++answered;
      } else {
        ++failed;
      }
    }
  });
  auto r = home.Tend({"reload", "srv"});
  const int seen = answered;
  WaitFor([&] { return answered > seen + 10; });
  stop = true;
  clients.join();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(failed, 0);
  EXPECT_GT(answered, 0);
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u);
  std::set<int> instances;
  for (const auto& p : list) {
    EXPECT_EQ(p["status"], "online");
    EXPECT_EQ(before.count(p["pid"].get<pid_t>()), 0u) << "an instance was not replaced";
    EXPECT_EQ(p["restarts"], 1) << "a reload counts as a restart, as in PM2's restart_time";
    EXPECT_EQ(p["restart_reasons"].size(), 1u) << p["restart_reasons"];
    instances.insert(p["instance"].get<int>());
  }
  EXPECT_EQ(instances, (std::set<int>{0, 1}));
  for (pid_t pid : before)
    EXPECT_TRUE(WaitFor([&] { return ProcessGone(pid); }));
}

// max_memory_restart on a server behind a socket the daemon holds: the instance past its
// limit is replaced as at `tend reload` (the replacement first), so not one connection of a
// client asking all along fails; the other instance is left alone.
TEST(ClusterReload, AnInstancePastItsMemoryLimitIsReplacedWithoutAFailedConnection) {
  TendHome home;
  const int port = FreePort();
  const std::string grown = home.ScratchDir() + "/grown";
  auto r = home.Tend({"start", TEND_LISTEN_SERVER, "-n", "srv", "-i", "2", "--listen",
                      std::to_string(port), "--wait-ready", "--max-memory-restart", "60M"},
                     {{"GROW_MB", "100"}, {"GROW_ONCE_FILE", grown}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::thread clients([&] {
    while (!stop)
      ++(AskServer(port) ? answered : failed);
  });
  nlohmann::json replacement;
  EXPECT_TRUE(WaitFor(
      [&] {
        for (const auto& p : home.List()) {
          if (p["restarts"] == 1 && p["status"] == "online") replacement = p;
        }
        return replacement.is_object();
      },
      std::chrono::seconds(20)));
  const int seen = answered;
  WaitFor([&] { return answered > seen + 10; });
  stop = true;
  clients.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(answered, 0);
  ASSERT_TRUE(replacement.is_object()) << home.List().dump();
  const auto& reason = replacement["restart_reasons"].back();
  EXPECT_EQ(reason["cause"], "memory") << reason;
  EXPECT_NE(reason["detail"].get<std::string>().find(
                "passed the limit of 60.0 MiB; rolling reload: replaces id"),
            std::string::npos)
      << reason;
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u) << list.dump();
  int untouched = 0;
  for (const auto& p : list) {
    EXPECT_EQ(p["status"], "online");
    untouched += p["restarts"] == 0 ? 1 : 0;
  }
  EXPECT_EQ(untouched, 1) << "only the instance past its limit is replaced: " << list.dump();
}

TEST(ClusterReload, AFailingReplacementLeavesTheOldOneServing) {
  TendHome home;
  const int port = FreePort();
  const std::string fail_file = home.ScratchDir() + "/fail";
  StartServer(home, port, {{"FAIL_IF_EXISTS", fail_file}});
  const auto before = OnlinePids(home);
  std::ofstream(fail_file) << "x";
  ExpectReloadFailsKeeping(home, "srv", "keeps serving", before);
  EXPECT_EQ(home.List().size(), 2u);
  EXPECT_TRUE(AskServer(port).has_value());
}

TEST(ClusterReload, ASecondReloadOfTheSameAppIsRefused) {
  TendHome home;
  const int port = FreePort();
  StartServer(home, port, {{"READY_DELAY_MS", "1500"}});
  CmdResult first;
  std::thread reload([&] { first = home.Tend({"reload", "srv"}); });
  const bool replacing = WaitFor([&] { return home.List().size() == 3; });
  auto second = home.Tend({"reload", "srv"});
  reload.join();
  ASSERT_TRUE(replacing);
  EXPECT_NE(second.exit_code, 0);
  EXPECT_NE(second.err.find("already being reloaded"), std::string::npos) << second.err;
  EXPECT_EQ(first.exit_code, 0) << first.err;
}

TEST(ClusterReload, WithoutListenItIsARestartAndSaysSo) {
  TendHome home;
  auto r = home.Tend({"start", "/bin/sleep", "-n", "nap", "--", "300"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pid_t pid = home.Process(0)["pid"];
  r = home.Tend({"reload", "nap"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("reloaded by a restart"), std::string::npos) << r.err;
  EXPECT_NE(home.Process(0)["pid"], pid);
  EXPECT_EQ(home.Process(0)["restarts"], 1);
}

}  // namespace
}  // namespace tend::test

// startOrRestart / startOrReload / startOrGracefulReload <file>: the file's apps
// that are not known are started, the others restarted or reloaded (rolling).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// The list entry of the app called `name` (null when absent; one instance each here).
nlohmann::json AppNamed(TendHome& home, const std::string& name) {
  for (const auto& p : home.List()) {
    if (p["name"] == name) return p;
  }
  return nullptr;
}

TEST(StartOr, StartOrRestartRestartsTheRunningAppAndStartsTheNewOne) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  const std::string file =
      home.WriteFile("eco.json", R"({"apps": [{"name": "one", "script": "a.sh"},
                                      {"name": "two", "script": "a.sh"}]})");
  ASSERT_TRUE(TendOk(home, {"start", file, "--only", "one"}));
  ASSERT_EQ(home.List().size(), 1u);
  const pid_t first = AppNamed(home, "one")["pid"];
  home.Track(first);

  ASSERT_TRUE(TendOk(home, {"startOrRestart", file}));
  ASSERT_EQ(home.List().size(), 2u);
  auto one = AppNamed(home, "one");
  EXPECT_EQ(one["status"], "online");
  EXPECT_NE(one["pid"], first);
  EXPECT_EQ(one["restarts"], 1);
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(first); }));
  auto two = AppNamed(home, "two");
  EXPECT_EQ(two["status"], "online");
  EXPECT_EQ(two["restarts"], 0);
}

TEST(StartOr, StartOrReloadReloadsTheRunningAppAndStartsTheNewOne) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  const int port = FreePort();
  const std::string file = home.WriteFile(
      "eco.json", R"({"apps": [{"name": "srv", "script": ")" + std::string(TEND_LISTEN_SERVER) +
                      R"(", "listen": ")" + std::to_string(port) +
                      R"(", "wait_ready": true, "listen_timeout": 20000,
                                       "env": {"READY_DELAY_MS": "300"}},
                                      {"name": "nap", "script": "a.sh"}]})");
  auto r = home.Tend({"start", file, "--only", "srv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return AppNamed(home, "srv")["status"] == "online"; }));
  const pid_t first = AppNamed(home, "srv")["pid"];
  home.Track(first);

  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  std::thread clients([&] {
    while (!stop) {
      if (!AskServer(port)) ++failed;
    }
  });
  r = home.Tend({"startOrReload", file});
  stop = true;
  clients.join();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("reloaded by a restart"), std::string::npos) << r.err;
  EXPECT_EQ(failed, 0) << "a connection failed during the reload";
  ASSERT_EQ(home.List().size(), 2u);
  auto srv = AppNamed(home, "srv");
  EXPECT_EQ(srv["status"], "online");
  EXPECT_NE(srv["pid"], first);
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(first); }));
  EXPECT_EQ(AppNamed(home, "nap")["status"], "online");
}

TEST(StartOr, ANameOrAMissingFileIsRefused) {
  TendHome home;
  for (const char* verb : {"startOrRestart", "startOrReload", "startOrGracefulReload"}) {
    auto r = home.Tend({verb, "api"});
    EXPECT_EQ(r.exit_code, 2) << verb;
    EXPECT_NE(r.err.find("takes an ecosystem file (.json, .yaml, .yml, .config.js), not 'api'"),
              std::string::npos)
        << verb << ": " << r.err;
    r = home.Tend({verb, "missing.yaml"});
    EXPECT_EQ(r.exit_code, 1) << verb;
    EXPECT_NE(r.err.find("missing.yaml: no such file"), std::string::npos) << verb << ": " << r.err;
  }
  EXPECT_EQ(home.DaemonPid(), 0) << "a refused verb started a daemon";
}

}  // namespace
}  // namespace tend::test

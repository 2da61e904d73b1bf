// increment_var and `tend scale`, through the real CLI against a real daemon.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

std::map<int, std::string> PortByInstance(TendHome& home) {
  std::map<int, std::string> ports;
  for (const auto& p : home.List()) {
    if (p["status"] != "online") continue;
    // Between fork and exec, /proc/<pid>/environ is still the daemon's: wait for the exec.
    const pid_t pid = p["pid"].get<pid_t>();
    (void)WaitFor([pid] { return ProcessEnviron(pid).count("PORT") != 0; });
    ports[p["instance"].get<int>()] = ProcessEnviron(pid)["PORT"];
  }
  return ports;
}

void StartFourThousand(TendHome& home, int instances) {
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("ecosystem.json", R"({"apps": [{"name": "web", "script": "a.sh", "instances": )" +
                                       std::to_string(instances) +
                                       R"(, "increment_var": "PORT", "env": {"PORT": "4000"}}]})");
  auto r = home.Tend({"start", "ecosystem.json"}, {}, home.ScratchDir());
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(ClusterScale, IncrementVarAddsTheInstanceIndexToTheBase) {
  TendHome home;
  StartFourThousand(home, 3);
  EXPECT_EQ(PortByInstance(home),
            (std::map<int, std::string>{{0, "4000"}, {1, "4001"}, {2, "4002"}}));
}

TEST(ClusterScale, ScaleUpUsesTheNextInstanceIndexes) {
  TendHome home;
  StartFourThousand(home, 2);
  ASSERT_TRUE(TendOk(home, {"scale", "web", "+2"}));
  EXPECT_EQ(PortByInstance(home),
            (std::map<int, std::string>{{0, "4000"}, {1, "4001"}, {2, "4002"}, {3, "4003"}}));
  ASSERT_TRUE(TendOk(home, {"scale", "web", "5"}));
  EXPECT_EQ(home.List().size(), 5u);
  EXPECT_EQ(PortByInstance(home)[4], "4004");
}

TEST(ClusterScale, ScaleDownStopsAndDeletesTheHighestInstances) {
  TendHome home;
  StartFourThousand(home, 4);
  std::vector<pid_t> pids;
  for (const auto& p : home.List())
    pids.push_back(p["pid"].get<pid_t>());
  ASSERT_TRUE(TendOk(home, {"scale", "web", "-3"}));
  auto list = home.List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["instance"], 0);
  EXPECT_EQ(list[0]["pid"], pids[0]);
  for (size_t i = 1; i < pids.size(); ++i)
    EXPECT_TRUE(WaitFor([&] { return ProcessGone(pids[i]); })) << pids[i];
}

TEST(ClusterScale, RefusesZeroAndUnknownApps) {
  TendHome home;
  StartFourThousand(home, 1);
  auto r = home.Tend({"scale", "web", "-1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("at least 1"), std::string::npos) << r.err;
  r = home.Tend({"scale", "nothere", "2"});
  EXPECT_NE(r.exit_code, 0);
  r = home.Tend({"scale", "web", "two"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(home.List().size(), 1u);
}

}  // namespace
}  // namespace tend::test

// Tables larger than one frame: many apps with a large environment, listed,
// described, resurrected and started through a real daemon. Before, every such
// answer or request passed the 4 MiB frame limit and failed with exit 3.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// An ecosystem file of `count` apps app0..app<count-1>, each a long sleep.
std::string SleepApps(int count) {
  nlohmann::json apps = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    apps.push_back(
        {{"name", "app" + std::to_string(i)}, {"script", "/bin/sleep"}, {"args", {"600"}}});
  }
  return nlohmann::json{{"apps", apps}}.dump();
}

// Every process of `list` (as `tend ls --json` or `describe --json` prints it)
// carries `big` in its environment.
void ExpectEveryEnvHas(const nlohmann::json& procs, size_t count, const std::string& big) {
  ASSERT_TRUE(procs.is_array());
  ASSERT_EQ(procs.size(), count);
  for (const auto& p : procs) {
    EXPECT_EQ(p["spec"]["env"].value("BIG", ""), big) << p.value("name", "");
  }
}

class BigTables : public ::testing::Test {
 protected:
  // 60 apps started from a shell whose environment holds 100 KB.
  void StartSixtyWithBigEnv() {
    const std::string file = home_.WriteFile("eco.json", SleepApps(60));
    auto r = home_.Tend({"start", file}, {{"BIG", big_}});
    ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  }
  TendHome home_;
  const std::string big_ = std::string(100 * 1000, 'b');
};

TEST_F(BigTables, ListJlistAndDescribeOfSixtyAppsWithA100KbEnvironment) {
  ASSERT_NO_FATAL_FAILURE(StartSixtyWithBigEnv());
  auto ls = home_.Tend({"ls", "--json"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  ExpectEveryEnvHas(nlohmann::json::parse(ls.out), 60, big_);

  auto describe = home_.Tend({"describe", "all", "--json"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  ExpectEveryEnvHas(nlohmann::json::parse(describe.out), 60, big_);

  auto jlist = home_.Tend({"jlist"});
  ASSERT_EQ(jlist.exit_code, 0) << jlist.err;
  auto pm2 = nlohmann::json::parse(jlist.out);
  ASSERT_EQ(pm2.size(), 60u);
  for (const auto& p : pm2) {
    EXPECT_EQ(p["pm2_env"]["env"].value("BIG", ""), big_);
    EXPECT_EQ(p["pm2_env"].value("BIG", ""), big_);  // PM2 also lifts each variable
    EXPECT_EQ(p["pm2_env"].value("status", ""), "online");
  }
  auto describe_text = home_.Tend({"describe", "app59"});
  EXPECT_EQ(describe_text.exit_code, 0) << describe_text.err;
}

TEST_F(BigTables, ResurrectOfSixtyAppsWithA100KbEnvironment) {
  ASSERT_NO_FATAL_FAILURE(StartSixtyWithBigEnv());
  auto save = home_.Tend({"save"});
  ASSERT_EQ(save.exit_code, 0) << save.err;
  auto kill = home_.Tend({"kill"});
  ASSERT_EQ(kill.exit_code, 0) << kill.err;
  auto resurrect = home_.Tend({"resurrect"});
  ASSERT_EQ(resurrect.exit_code, 0) << resurrect.err;
  auto list = home_.List();
  ExpectEveryEnvHas(list, 60, big_);
  for (const auto& p : list)
    EXPECT_EQ(p.value("status", ""), "online") << p.value("name", "");
}

TEST_F(BigTables, StartOfA500AppFileFromAShellWithA10KbEnvironment) {
  const std::string file = home_.WriteFile("eco.json", SleepApps(500));
  const std::string env(10 * 1000, 'e');
  auto r = home_.Tend({"start", file}, {{"BIG", env}});
  ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 2000);
  auto list = home_.List();
  ASSERT_EQ(list.size(), 500u);
  EXPECT_EQ(list[499].value("name", ""), "app499");
  EXPECT_EQ(list[499]["spec"]["env"].value("BIG", ""), env);
}

}  // namespace
}  // namespace tend::test

// Ecosystem files through `tend start`, `config`, `init`, stop/delete <file>.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(EcosystemStart, StartsEveryAppWithEnvSelectionAndStopsByFile) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\necho \"mode=$MODE\"\nexec sleep 300\n");
  const std::string file =
      home.WriteFile("eco.yaml",
                     "apps:\n"
                     "  - name: a\n    script: a.sh\n    env:\n      MODE: dev\n"
                     "    env_production:\n      MODE: prod\n"
                     "  - name: b\n    script: a.sh\n    instances: 2\n");
  ASSERT_TRUE(TendOk(home, {"start", file, "--env", "production"}));
  auto list = home.List();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["spec"]["env"]["MODE"], "prod");
  EXPECT_EQ(list[2]["instance"], 1);
  // Output of a reached its own file.
  ASSERT_TRUE(WaitFor([&] {
    std::ifstream in(AppLog(home, "a"));
    std::string line;
    return std::getline(in, line) && line == "mode=prod";
  }));
  ASSERT_TRUE(TendOk(home, {"stop", file}));
  for (const auto& p : home.List())
    EXPECT_EQ(p["status"], "stopped");
  ASSERT_TRUE(TendOk(home, {"delete", file}));
  EXPECT_TRUE(home.List().empty());
}

TEST(EcosystemStart, AnInvalidFileStartsNothingAndNamesLineAndKey) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  const std::string file =
      home.WriteFile("bad.yaml", "apps:\n  - name: a\n    script: a.sh\n    instances: many\n");
  auto r = home.Tend({"start", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.yaml:4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("instances"), std::string::npos) << r.err;
  EXPECT_TRUE(home.List().empty());
}

TEST(EcosystemStart, StartWithoutArgumentUsesTheFileInTheCurrentFolder) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("ecosystem.json",
                 "{ // comments and trailing commas, as PM2 accepts\n"
                 "  \"apps\": [{\"name\": \"json-app\", \"script\": \"a.sh\",},],\n}\n");
  ASSERT_TRUE(TendOk(home, {"start"}));
  EXPECT_EQ(home.List()[0]["name"], "json-app");
}

TEST(EcosystemStart, InitWritesASampleThatConfigAccepts) {
  TendHome home;
  auto r = home.Tend({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = home.Tend({"config", "ecosystem.yaml", "--no-resolve"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto apps = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(apps.is_array()) << r.out;
  EXPECT_FALSE(apps.empty());
  EXPECT_EQ(home.Tend({"init"}).exit_code, 1) << "must not overwrite without -f";
}

TEST(EcosystemStart, DryRunPrintsResolvedAppsAndStartsNothing) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("eco.json", R"({"apps":[{"name":"x","script":"a.sh"}]})");
  auto r = home.Tend({"start", "eco.json", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto apps = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(apps.is_array()) << r.out;
  EXPECT_EQ(apps[0]["script"], home.ScratchDir() + "/a.sh");
  EXPECT_EQ(apps[0]["interpreter"], "/usr/bin/bash");
}

TEST(EcosystemReload, ReloadOfAFileAppliesItsConfigAndStartsNewApps) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  const std::string file =
      home.WriteFile("eco.yaml", "apps:\n  - name: a\n    script: a.sh\n    env:\n      V: one\n");
  ASSERT_TRUE(TendOk(home, {"start", file}));
  std::ofstream(file, std::ios::trunc)
      << "apps:\n  - name: a\n    script: a.sh\n    env:\n      V: two\n"
         "  - name: b\n    script: a.sh\n";
  ASSERT_TRUE(TendOk(home, {"reload", file}));
  auto env = home.Tend({"env", "a"});
  EXPECT_NE(env.out.find("V=two\n"), std::string::npos) << env.out;
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1]["name"], "b");
  EXPECT_EQ(list[1]["status"], "online");
}

TEST(EcosystemReload, ReloadUpdateEnvTakesTheCurrentEnvironment) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "s", "--", "300"}));
  auto r = home.Tend({"reload", "s", "--update-env"}, {{"FRESH_VAR", "yes"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(home.Tend({"env", "s"}).out.find("FRESH_VAR=yes\n"), std::string::npos);
  r = home.Tend({"reload", "s"}, {{"OTHER_VAR", "no"}});
  EXPECT_EQ(home.Tend({"env", "s"}).out.find("OTHER_VAR"), std::string::npos)
      << "a plain reload keeps the captured environment";
}

}  // namespace
}  // namespace tend::test

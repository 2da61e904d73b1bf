// Ecosystem files through the real CLI: the corpus of real files, --only and
// --env, options not active yet, starting a file twice, JavaScript configs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;

const std::string kRealDir = SourceDir() + "/tests/fixtures/ecosystem-real";

bool IsRefusedByPm2(const std::string& name) {
  return name.rfind("21-", 0) == 0 || name.rfind("23-", 0) == 0 || name.rfind("28-", 0) == 0;
}

// `tend env <id>` as a map.
std::map<std::string, std::string> EnvOf(TendHome& home, int id) {
  auto r = home.Tend({"env", std::to_string(id)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> env;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

TEST(EcosystemCli, RealFilesPm2LoadsAreShownByConfig) {
  TendHome home;
  int loaded = 0;
  for (const auto& entry : fs::directory_iterator(kRealDir)) {
    const std::string name = entry.path().filename();
    if (name == "README.md" || name == "SOURCES.tsv" || IsRefusedByPm2(name)) continue;
    auto r = home.Tend({"config", name, "--no-resolve"}, {}, kRealDir);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    auto apps = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(apps.is_array()) << name << ": " << r.out;
    EXPECT_FALSE(apps.empty()) << name;
    for (const auto& app : apps) {
      EXPECT_TRUE(app.contains("name") && app["name"].is_string() && app["name"] != "") << name;
      EXPECT_TRUE(app.contains("script") && app["script"] != "") << name;
    }
    ++loaded;
  }
  EXPECT_EQ(loaded, 27);
}

TEST(EcosystemCli, RealFilesPm2RefusesExitOneWithTheCause) {
  TendHome home;
  const std::pair<std::string, std::string> cases[] = {
      {"21-arifuzzaman31-apideligo-ecosystem.config.cjs",
       "tend: 21-arifuzzaman31-apideligo-ecosystem.config.cjs: evaluating it with node failed: "
       "SyntaxError: Unexpected token 'export'\n"},
      {"23-019ec6e2-cosyworld-core-ecosystem.config.cjs",
       "tend: 23-019ec6e2-cosyworld-core-ecosystem.config.cjs: evaluating it with node failed: "
       "Error: Cannot find module 'dotenv'\n"},
      {"28-alikia2x-cvsa-ecosystem.config.mjs",
       "tend: 28-alikia2x-cvsa-ecosystem.config.mjs: evaluating it with node failed: Error: "
       "Cannot find package 'dotenv' imported from " +
           kRealDir + "/28-alikia2x-cvsa-ecosystem.config.mjs\n"},
  };
  for (const auto& [file, message] : cases) {
    auto r = home.Tend({"config", file, "--no-resolve"}, {}, kRealDir);
    EXPECT_EQ(r.exit_code, 1) << file;
    EXPECT_EQ(r.out, "") << file;
    // The last line: node's own warnings may come before it (they go to stderr).
    ASSERT_GE(r.err.size(), message.size()) << file << ": " << r.err;
    EXPECT_EQ(r.err.substr(r.err.size() - message.size()), message) << file;
    EXPECT_TRUE(r.err.size() == message.size() || r.err[r.err.size() - message.size() - 1] == '\n')
        << r.err;
  }
}

TEST(EcosystemCli, OnlyAndEnvPrecedenceReachTheProcesses) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("eco.yaml",
                 "apps:\n"
                 "  - name: a\n    script: a.sh\n"
                 "    env:\n      MODE: base\n      LEVEL: base\n"
                 "    env_prod:\n      MODE: prod\n"
                 "  - name: b\n    script: a.sh\n"
                 "  - name: c\n    script: a.sh\n    env:\n      LEVEL: c-base\n");
  const std::map<std::string, std::string> cli_env{
      {"MODE", "cli"}, {"LEVEL", "cli"}, {"FROM_CLI", "yes"}};
  auto r = home.Tend({"start", "eco.yaml", "--only", "a,c", "--env", "prod"}, cli_env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "a");
  EXPECT_EQ(list[1]["name"], "c");
  auto a = EnvOf(home, list[0]["pm_id"]);
  EXPECT_EQ(a["MODE"], "prod") << "env_prod wins over env";
  EXPECT_EQ(a["LEVEL"], "base") << "env wins over the CLI's environment";
  EXPECT_EQ(a["FROM_CLI"], "yes") << "the CLI's environment is the base";
  auto c = EnvOf(home, list[1]["pm_id"]);
  EXPECT_EQ(c["MODE"], "cli");
  EXPECT_EQ(c["LEVEL"], "c-base");

  r = home.Tend({"start", "eco.yaml", "--only", "a,nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

TEST(EcosystemCli, OptionNotActiveYetIsAWarningAndTheAppStarts) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("eco.json",
                 R"({"apps": [{"name": "api", "script": "a.sh", "cron_restart": "0 3 * * *"}]})");
  auto r = home.Tend({"start", "eco.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("tend: warning: option 'cron_restart' of app 'api' is parsed but not "
                       "active yet\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(home.List()[0]["status"], "online");
}

TEST(EcosystemCli, StartingAFileAgainRestartsItsAppsWithTheNewConfig) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  const std::string file = home.WriteFile(
      "eco.json", R"({"apps": [{"name": "api", "script": "a.sh", "env": {"V": "one"}}]})");
  ASSERT_TRUE(TendOk(home, {"start", file}));
  const pid_t first = home.Process(0)["pid"];
  home.Track(first);
  EXPECT_EQ(EnvOf(home, 0)["V"], "one");

  std::ofstream(file, std::ios::trunc)
      << R"({"apps": [{"name": "api", "script": "a.sh", "env": {"V": "two"}}]})";
  ASSERT_TRUE(TendOk(home, {"start", file}));
  auto list = home.List();
  ASSERT_EQ(list.size(), 1u) << "the app is restarted, not started twice";
  EXPECT_EQ(list[0]["status"], "online");
  EXPECT_NE(list[0]["pid"], first);
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(first); }));
  EXPECT_EQ(EnvOf(home, 0)["V"], "two");
  // The new value reached the process itself, not only its spec.
  const pid_t second = list[0]["pid"];
  std::ifstream environ("/proc/" + std::to_string(second) + "/environ");
  std::string all((std::istreambuf_iterator<char>(environ)), std::istreambuf_iterator<char>());
  EXPECT_NE(all.find(std::string("V=two\0", 6)), std::string::npos);
}

TEST(EcosystemCli, JavaScriptConfigStartsItsApps) {
  TendHome home;
  home.WriteScript("a.sh", "#!/bin/sh\nexec sleep 300\n");
  home.WriteFile("ecosystem.config.js",
                 "const base = { script: 'a.sh', env: { WHO: process.env.WHO_CLI } };\n"
                 "module.exports = { apps: ['one', 'two'].map(name => ({ ...base, name })) };\n");
  ASSERT_TRUE(TendOk(home, {"start", "ecosystem.config.js"}, {{"WHO_CLI", "from-cli"}}));
  auto list = home.List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "one");
  EXPECT_EQ(list[1]["name"], "two");
  EXPECT_EQ(list[1]["status"], "online");
  EXPECT_EQ(EnvOf(home, 1)["WHO"], "from-cli");
}

TEST(EcosystemCli, JavaScriptConfigThatThrowsGivesItsMessage) {
  TendHome home;
  home.WriteFile("broken.config.js", "throw new Error('missing DATABASE_URL');\n");
  auto r = home.Tend({"start", "broken.config.js"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "tend: broken.config.js: evaluating it with node failed: Error: missing "
            "DATABASE_URL\n");
  EXPECT_FALSE(fs::exists(home.path() + "/home/tendd.pid")) << "nothing to start: no daemon";
}

}  // namespace
}  // namespace tend::test

// --env NAME and --only, and the small entry points the CLI uses.

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend {
namespace {

using testing::FixtureOptions;
using Env = std::map<std::string, std::string>;

TEST(EnvSelection, CliEnvThenEnvThenEnvName) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.context.env = {{"SHARED", "from-cli"}, {"CLI_ONLY", "x"}};
  options.env_name = "staging";
  auto eco = LoadEcosystem("envs.yaml", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  ASSERT_EQ(eco->apps.size(), 3u);
  EXPECT_EQ(eco->apps[0].env, (Env{{"SHARED", "from-staging"},
                                   {"CLI_ONLY", "x"},
                                   {"ONLY_ENV", "1"},
                                   {"PORT", "3100"},
                                   {"DEBUG", "true"},
                                   {"NOTHING", "null"}}));
  EXPECT_EQ(eco->apps[1].env,
            (Env{{"SHARED", "from-cli"}, {"CLI_ONLY", "x"}, {"QUEUE", "staging"}}));
  EXPECT_EQ(eco->apps[2].env, (Env{{"SHARED", "from-cli"}, {"CLI_ONLY", "x"}}));
}

TEST(EnvSelection, WithoutEnvNameOnlyEnvApplies) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.context.env = {};
  auto eco = LoadEcosystem("envs.yaml", options);
  ASSERT_TRUE(eco.ok());
  EXPECT_EQ(eco->apps[0].env.at("SHARED"), "from-env");
  EXPECT_EQ(eco->apps[0].env.at("PORT"), "3000");
  EXPECT_EQ(eco->apps[1].env.count("QUEUE"), 0u);
}

TEST(EnvSelection, UnknownEnvNameIsAWarning) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.env_name = "prod";
  auto eco = LoadEcosystem("envs.yaml", options);
  ASSERT_TRUE(eco.ok());
  EXPECT_TRUE(
      testing::HasWarning(*eco, "envs.yaml: --env prod: no app has env_prod (only env applies)"));
}

TEST(Only, KeepsTheNamedAppsInFileOrder) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.only = {"cron", "api"};
  auto eco = LoadEcosystem("envs.yaml", options);
  ASSERT_TRUE(eco.ok());
  ASSERT_EQ(eco->apps.size(), 2u);
  EXPECT_EQ(eco->apps[0].name, "api");
  EXPECT_EQ(eco->apps[1].name, "cron");
}

TEST(Only, UnknownNameIsAnError) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.only = {"api", "web"};
  auto eco = LoadEcosystem("envs.yaml", options);
  ASSERT_FALSE(eco.ok());
  EXPECT_EQ(eco.status().code(), Code::kNotFound);
  EXPECT_EQ(eco.status().message(),
            "--only: no app named 'web' in envs.yaml (apps: 'api', 'worker', 'cron')");
}

TEST(IsEcosystemPath, Pm2FileNames) {
  for (const char* yes :
       {"ecosystem.json", "process.json", "a/b/app.yaml", "x.yml", "ecosystem.config.js",
        "pm2.config.js", "flask.config.cjs", "ecosystem.config.mjs"}) {
    EXPECT_TRUE(IsEcosystemPath(yes)) << yes;
  }
  for (const char* no : {"app.js", "server.mjs", "worker.py", "config.js", "run.sh", "json"}) {
    EXPECT_FALSE(IsEcosystemPath(no)) << no;
  }
}

TEST(FindDefaultEcosystem, PrefersJsThenYamlThenJson) {
  test::TempDir dir;
  auto none = FindDefaultEcosystem(dir.path());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(),
            "no ecosystem file in " + dir.path() +
                " (looked for ecosystem.config.js, ecosystem.config.cjs, ecosystem.config.mjs, "
                "ecosystem.yaml, ecosystem.yml, ecosystem.json)");
  dir.Write("ecosystem.json", "[]");
  EXPECT_EQ(*FindDefaultEcosystem(dir.path()), dir.path() + "/ecosystem.json");
  dir.Write("ecosystem.yaml", "apps: []");
  EXPECT_EQ(*FindDefaultEcosystem(dir.path()), dir.path() + "/ecosystem.yaml");
  dir.Write("ecosystem.config.js", "module.exports = {}");
  EXPECT_EQ(*FindDefaultEcosystem(dir.path()), dir.path() + "/ecosystem.config.js");
}

TEST(SampleEcosystem, EachFormatLoadsWithoutWarnings) {
  const std::pair<const char*, const char*> formats[] = {
      {"", "ecosystem.yaml"}, {"json", "ecosystem.json"}, {"js", "ecosystem.config.js"}};
  for (const auto& [format, file] : formats) {
    auto text = SampleEcosystem(format);
    ASSERT_TRUE(text.ok()) << format;
    test::TempDir dir;
    dir.Write(file, *text);
    EcosystemOptions options = FixtureOptions("ecosystem/valid");
    options.context.cwd = dir.path();
    options.env_name = "production";
    auto eco = LoadEcosystem(file, options);
    ASSERT_TRUE(eco.ok()) << file << ": " << eco.status().message();
    ASSERT_EQ(eco->apps.size(), 1u);
    EXPECT_EQ(eco->apps[0].name, "api");
    EXPECT_EQ(eco->apps[0].env.at("NODE_ENV"), "production");
    EXPECT_TRUE(eco->warnings.empty()) << file << ": " << eco->warnings.front();
  }
  EXPECT_EQ(SampleEcosystem("toml").status().message(),
            "unknown ecosystem format 'toml' (yaml, json or js)");
}

TEST(ExecMode, InstancesWithoutExecModeMeanClusterAsInPm2) {
  test::TempDir dir;
  dir.Write("eco.yaml",
            "apps:\n"
            "  - {name: a, script: a.js, instances: 2}\n"
            "  - {name: b, script: b.js, instances: 1, exec_mode: fork}\n"
            "  - {name: c, script: c.js}\n");
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.context.cwd = dir.path();
  auto eco = LoadEcosystem("eco.yaml", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  EXPECT_EQ(eco->apps[0].exec_mode, "cluster_mode");
  EXPECT_EQ(eco->apps[1].exec_mode, "fork_mode");
  EXPECT_EQ(eco->apps[2].exec_mode, "fork_mode");
}

}  // namespace
}  // namespace tend

// Every app option in every format: each file of tests/fixtures/ecosystem/valid/
// named full* describes the same app and must produce the same AppSpec.

#include <gtest/gtest.h>

#include "config/app_spec_json.h"
#include "config/cpu_count.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend {
namespace {

using testing::FixtureDir;
using testing::FixtureOptions;

AppSpec ExpectedFullApp() {
  AppSpec s;
  s.name = "full";
  s.namespace_ = "web";
  s.script = "./server.js";
  s.args = {"--port", "3000", "two words"};
  s.interpreter = "node";
  s.interpreter_args = {"--max-old-space-size=512"};
  s.cwd = FixtureDir("ecosystem/valid") + "/app";
  s.env = {{"BASE", "from-cli"}, {"NODE_ENV", "production"}, {"PORT", "3000"}, {"DEBUG", "false"}};
  s.instances = 3;
  s.exec_mode = "cluster_mode";
  s.instance_var = "INSTANCE_ID";
  s.increment_var = "PORT";
  s.autorestart = false;
  s.max_restarts = 5;
  s.min_uptime_ms = 5000;
  s.restart_delay_ms = 250;
  s.exp_backoff_restart_delay_ms = 100;
  s.stop_exit_codes = {0, 3};
  s.max_memory_restart_bytes = 300LL << 20;
  s.cron_restart = "0 3 * * *";
  s.autostart = false;
  s.kill_signal = "SIGTERM";
  s.kill_timeout_ms = 3000;
  s.treekill = false;
  s.shutdown_with_message = true;
  s.wait_ready = true;
  s.listen_timeout_ms = 8000;
  s.reload_fail_on_timeout = true;
  s.listen = "127.0.0.1:8080";
  s.port = 8080;
  s.watch = true;
  s.watch_paths = {"src", "lib"};
  s.ignore_watch = {"node_modules"};
  s.watch_delay_ms = 2000;
  s.out_file = "./logs/out.log";
  s.error_file = "./logs/err.log";
  s.log_file = "./logs/all.log";
  s.merge_logs = true;
  s.time = true;
  s.log_date_format = "YYYY-MM-DD HH:mm Z";
  s.log_type = "json";
  s.disable_logs = true;
  s.log_max_size_bytes = 10240;
  s.log_retain = 7;
  s.log_compress = true;
  s.log_rotate_interval = "daily";
  s.pid_file = "./full.pid";
  s.uid = "www";
  s.gid = "www";
  return s;
}

class FullAppTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FullAppTest, EveryOptionIsRead) {
  EcosystemOptions options = FixtureOptions("ecosystem/valid");
  options.context.env = {{"BASE", "from-cli"}, {"NODE_ENV", "from-cli"}};
  options.env_name = "production";
  auto eco = LoadEcosystem(GetParam(), options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  EXPECT_EQ(eco->path, FixtureDir("ecosystem/valid") + "/" + GetParam());
  ASSERT_EQ(eco->apps.size(), 1u);
  // Compared as JSON so that a difference names the field.
  EXPECT_EQ(AppSpecToJson(eco->apps[0]).dump(1), AppSpecToJson(ExpectedFullApp()).dump(1));
  EXPECT_TRUE(testing::HasWarning(*eco,
                                  "option 'cron_restart' of app 'full' is parsed but not active "
                                  "yet"));
}

INSTANTIATE_TEST_SUITE_P(Formats, FullAppTest,
                         ::testing::Values("full.json", "full.yaml", "full.config.js",
                                           "full.config.cjs", "full.config.mjs",
                                           "full-aliases.json"),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(NotActiveYet, OneWarningPerAppAndOption) {
  auto eco = LoadEcosystem("full.yaml", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok());
  int count = 0;
  for (const auto& w : eco->warnings) {
    if (w.find("is parsed but not active yet") != std::string::npos) ++count;
  }
  // full.yaml sets every option; the 6 still in OptionsNotActiveYet() warn (port, listen,
  // readiness, exec_mode, shutdown_with_message, the log rotation options and
  // max_memory_restart are active).
  EXPECT_EQ(count, 6);
  // Options left at their defaults are not mentioned.
  auto plain = LoadEcosystem("bare-array.json", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->warnings.empty());
}

TEST(Shapes, BareAppObject) {
  auto eco = LoadEcosystem("bare-app.yaml", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  ASSERT_EQ(eco->apps.size(), 1u);
  EXPECT_EQ(eco->apps[0].name, "worker");
  EXPECT_EQ(eco->apps[0].args, (std::vector<std::string>{"--queue", "high"}));
  EXPECT_EQ(eco->apps[0].interpreter, "");  // chosen at start by ResolveAppSpec
}

TEST(Shapes, BareArrayWithTrailingComma) {
  auto eco = LoadEcosystem("bare-array.json", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  ASSERT_EQ(eco->apps.size(), 2u);
  EXPECT_EQ(eco->apps[1].name, "two");
  EXPECT_EQ(eco->apps[1].script, "bin/two");
}

TEST(Shapes, SectionsAndUnknownKeysAreWarnings) {
  auto eco = LoadEcosystem("sections.json", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  const std::vector<std::string> expected = {
      "sections.json:3: deploy: 'deploy' is a PM2 section tend does not use (ignored)",
      "sections.json:4: static: 'static' is a PM2 section tend does not use (ignored)",
      "sections.json:5: restart_delay: 'restart_delay' is an app option: put it inside each "
      "app (ignored here)",
      "sections.json:6: extra: unknown top-level key 'extra' (ignored)",
      "sections.json:2: apps[0].vizion: PM2 option 'vizion' is not used by tend (ignored)",
      "sections.json:2: apps[0].error_action: unknown option 'error_action' (ignored)",
  };
  EXPECT_EQ(eco->warnings, expected);
}

TEST(Shapes, YamlAnchorsAndMergeKeys) {
  auto eco = LoadEcosystem("anchors.yaml", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  ASSERT_EQ(eco->apps.size(), 2u);
  EXPECT_FALSE(eco->apps[0].autorestart);
  EXPECT_EQ(eco->apps[0].max_restarts, 3);
  EXPECT_EQ(eco->apps[1].max_restarts, 9);
}

TEST(Instances, Pm2Spellings) {
  auto eco = LoadEcosystem("instances.yaml", FixtureOptions("ecosystem/valid"));
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  const int cpus = UsableCpuCount();
  ASSERT_EQ(eco->apps.size(), 5u);
  EXPECT_EQ(eco->apps[0].instances, cpus);
  EXPECT_EQ(eco->apps[1].instances, cpus);
  EXPECT_EQ(eco->apps[2].instances, cpus > 1 ? cpus - 1 : 1);
  EXPECT_EQ(eco->apps[3].instances, 4);
  EXPECT_EQ(eco->apps[4].instances, 1);
}

}  // namespace
}  // namespace tend

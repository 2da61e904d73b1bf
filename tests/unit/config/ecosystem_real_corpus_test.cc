// The 30 real-world files of tests/fixtures/ecosystem-real (see its README.md):
// 27 load in PM2 and must load in tend the same way; 3 fail in PM2 and must be
// refused with a message naming the file and the cause.

#include <gtest/gtest.h>

#include <filesystem>

#include "config/cpu_count.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend {
namespace {

using testing::FixtureDir;
using testing::FixtureOptions;

Ecosystem Load(const std::string& file, const std::string& env_name = "production") {
  EcosystemOptions options = FixtureOptions("ecosystem-real");
  options.env_name = env_name;
  auto eco = LoadEcosystem(file, options);
  EXPECT_TRUE(eco.ok()) << file << ": " << eco.status().message();
  return eco.ok() ? std::move(eco).value() : Ecosystem{};
}

std::vector<std::string> Names(const Ecosystem& eco) {
  std::vector<std::string> names;
  for (const auto& app : eco.apps)
    names.push_back(app.name);
  return names;
}

const std::string kDir = FixtureDir("ecosystem-real");
using Names_ = std::vector<std::string>;
using Args = std::vector<std::string>;

TEST(RealCorpus, CommandStringsRunThroughBash) {
  Ecosystem e = Load("01-firtree-corp-BackEnd-ecosystem.config.js");
  ASSERT_EQ(Names(e), Names_{"api-jdr"});
  EXPECT_EQ(e.apps[0].script, "bash");
  EXPECT_EQ(e.apps[0].args, (Args{"-c", "node server.js"}));
  EXPECT_EQ(e.apps[0].interpreter, "none");
  EXPECT_EQ(e.apps[0].exec_mode, "fork_mode");
  EXPECT_TRUE(testing::HasWarning(
      e,
      "01-firtree-corp-BackEnd-ecosystem.config.js: deploy: 'deploy' is a PM2 section tend "
      "does not use (ignored)"));
}

TEST(RealCorpus, ThreeAppsWithWatchAndCamelCase) {
  Ecosystem e = Load("03-matv99v-ModEl-ecosystem.config.js");
  ASSERT_EQ(Names(e), (Names_{"prod_ME", "staging_ME", "develop_ME"}));
  EXPECT_EQ(e.apps[0].env.at("PORT"), "3000");
  const AppSpec& dev = e.apps[2];
  EXPECT_TRUE(dev.watch);
  EXPECT_EQ(dev.watch_paths, Args{"../"});
  EXPECT_EQ(dev.ignore_watch, (Args{"node_modules", "public"}));
  EXPECT_EQ(dev.args, Args{"--color"});
  EXPECT_EQ(dev.cwd, kDir);
}

TEST(RealCorpus, UndefinedEnvValuesDisappear) {
  Ecosystem e = Load("04-seo-an-portfolio-ecosystem.config.js");
  ASSERT_EQ(Names(e), (Names_{"local-node-server", "staging-node-server", "prod-node-server"}));
  EXPECT_EQ(e.apps[0].cwd, kDir);  // cwd: process.env.PM2_LOCAL_PATH, unset
  EXPECT_EQ(e.apps[1].out_file, "$HOME/logs/pm2/<pid>-staging-<app name>-out.log");
  EXPECT_EQ(e.apps[2].args, (Args{"-c", "node server.js"}));
}

TEST(RealCorpus, InstancesFromEnvironmentOrMax) {
  Ecosystem e = Load("06-ucfopen-Obojobo-ecosystem.config.js");
  ASSERT_EQ(Names(e), Names_{"obojobo"});
  EXPECT_EQ(e.apps[0].instances, UsableCpuCount());
  EXPECT_EQ(e.apps[0].exec_mode, "cluster_mode");
  EXPECT_EQ(e.apps[0].max_memory_restart_bytes, 200LL << 20);
  EXPECT_TRUE(e.apps[0].merge_logs);  // combine_logs

  EcosystemOptions options = FixtureOptions("ecosystem-real");
  options.context.env["PM2_APP_INSTANCES"] = "3";
  auto from_env = LoadEcosystem("06-ucfopen-Obojobo-ecosystem.config.js", options);
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->apps[0].instances, 3);
}

TEST(RealCorpus, InterpreterNoneWithLongArgs) {
  Ecosystem e = Load("08-elanysk-video-streaming-platform-flask.config.js");
  ASSERT_EQ(Names(e), Names_{"server"});
  EXPECT_EQ(e.apps[0].interpreter, "none");
  EXPECT_EQ(e.apps[0].script, "./venv/bin/gunicorn");
  EXPECT_EQ(e.apps[0].args.size(), 9u);
  EXPECT_EQ(e.apps[0].args[2], "0.0.0.0:5050");
}

TEST(RealCorpus, ForkInstancesWithIncrementVar) {
  Ecosystem e = Load("09-srikanth-karthi-Docker-node-ecosystem.config.js");
  ASSERT_EQ(Names(e), Names_{"server-cluster"});
  EXPECT_EQ(e.apps[0].script, "node");
  EXPECT_EQ(e.apps[0].args, Args{"index.js"});
  EXPECT_EQ(e.apps[0].instances, 3);
  EXPECT_EQ(e.apps[0].increment_var, "PORT");
  EXPECT_FALSE(e.apps[0].autorestart);
  EXPECT_EQ(e.apps[0].max_memory_restart_bytes, 1LL << 30);
}

TEST(RealCorpus, SameNameTwiceLoadsWithAWarning) {
  Ecosystem e = Load("11-tecklens-tk-wolf-worker-ecosystem.config.js");
  ASSERT_EQ(Names(e), (Names_{"worker-1", "worker-1"}));
  EXPECT_EQ(e.apps[0].env.at("PORT"), "4000");
  EXPECT_EQ(e.apps[1].env.at("PORT"), "4001");
  EXPECT_TRUE(testing::HasWarning(
      e,
      "11-tecklens-tk-wolf-worker-ecosystem.config.js: apps[1]: app name 'worker-1' is also "
      "the name of apps[0]: names must be unique to start both"));
}

TEST(RealCorpus, AllCpusButOne) {
  Ecosystem e = Load("13-astigmatism-expressjs-crazyerics-pm2.config.js");
  ASSERT_EQ(Names(e), Names_{"crazyerics"});
  const int cpus = UsableCpuCount();
  EXPECT_EQ(e.apps[0].instances, cpus > 1 ? cpus - 1 : 1);
  EXPECT_EQ(e.apps[0].script, "/home/astigmatism/expressjs-crazyerics/app.js");
}

TEST(RealCorpus, DurationsAndEnvProduction) {
  Ecosystem e = Load("14-Sandy5688-bubble-backend-api-pm2.config.js");
  ASSERT_EQ(Names(e), Names_{"bubble-backend-api"});
  const AppSpec& a = e.apps[0];
  EXPECT_EQ(a.min_uptime_ms, 10000);
  EXPECT_EQ(a.kill_timeout_ms, 5000);
  EXPECT_EQ(a.max_restarts, 10);
  EXPECT_TRUE(a.shutdown_with_message);
  EXPECT_EQ(a.env.at("NODE_ENV"), "production");
  EXPECT_TRUE(testing::HasWarning(
      e,
      "14-Sandy5688-bubble-backend-api-pm2.config.js: apps[0].error_action: unknown option "
      "'error_action' (ignored)"));
}

TEST(RealCorpus, ComputedApps) {
  Ecosystem e = Load("16-iahu-badanmu-ecosystem.config.js");
  ASSERT_EQ(Names(e), (Names_{"badanmu-8000", "badanmu-8001", "badanmu-8002"}));
  EXPECT_EQ(e.apps[1].args, Args{"8001"});
  EXPECT_EQ(e.apps[2].error_file, "./8002-err.log");
}

TEST(RealCorpus, RelativeCwdAndNvmInterpreter) {
  Ecosystem e = Load("18-GrepoDataTools-grepodata-discord-pm2.config.js");
  ASSERT_EQ(Names(e), Names_{"grepodata-bot-prod"});
  EXPECT_EQ(e.apps[0].cwd, kDir + "/active");
  EXPECT_EQ(e.apps[0].interpreter, "node@16.20.1");
  EXPECT_EQ(e.apps[0].restart_delay_ms, 60000);
  EXPECT_EQ(e.apps[0].min_uptime_ms, 5000);
}

TEST(RealCorpus, QuotedArgsAndCron) {
  Ecosystem e = Load("19-PatrickOtero-job-scraper-ecosystem.config.js");
  ASSERT_EQ(Names(e), Names_{"job-scraper"});
  EXPECT_EQ(e.apps[0].args, (Args{"start", "--", "--locations=brazil", "--keyword=\"Dev\""}));
  EXPECT_EQ(e.apps[0].cron_restart, "0 0 * * *");
  EXPECT_TRUE(e.apps[0].time);
  EXPECT_TRUE(testing::HasWarning(
      e, "option 'cron_restart' of app 'job-scraper' is parsed but not active yet"));
}

TEST(RealCorpus, EnvFileAndHealthCheckAreWarnings) {
  Ecosystem e = Load("24-0xdevcollins-boundless-backend-ecosystem.config.cjs");
  ASSERT_EQ(Names(e), Names_{"boundless-backend"});
  EXPECT_EQ(e.apps[0].log_file, "./logs/combined.log");
  EXPECT_EQ(e.apps[0].env.at("PORT"), "8800");
  EXPECT_TRUE(testing::HasWarning(
      e,
      "24-0xdevcollins-boundless-backend-ecosystem.config.cjs: apps[0].env_file: unknown "
      "option 'env_file' (not an object: ignored)"));
}

TEST(RealCorpus, CronAliasAndCommandArgs) {
  Ecosystem e = Load("26-matyas-mihalyi-dka-scraper-dka-scraper.config.cjs");
  ASSERT_EQ(Names(e), Names_{"DKA_SCRAPER"});
  EXPECT_EQ(e.apps[0].cron_restart, "0 3 * * *");
  EXPECT_EQ(e.apps[0].args, (Args{"run", "start", "--prefix", "/home/dka/scraper"}));
  EXPECT_FALSE(e.apps[0].autorestart);
  EXPECT_TRUE(e.apps[0].watch);
}

TEST(RealCorpus, EsmDefaultExportWithImportMeta) {
  Ecosystem e = Load("29-KUN1007-kun-galgame-patch-next-ecosystem.config.mjs");
  ASSERT_EQ(Names(e), Names_{"kun-visual-novel-patch"});
  EXPECT_EQ(e.apps[0].cwd, kDir);  // join(__dirname)
  EXPECT_EQ(e.apps[0].port, 2333);
}

TEST(RealCorpus, DuplicateJsonKeyLastWins) {
  Ecosystem e = Load("31-49handyman-EquihashNompPool-pm2.json");
  ASSERT_EQ(Names(e), Names_{"PoolServer.v16.snomp"});
  const AppSpec& a = e.apps[0];
  EXPECT_EQ(a.interpreter, "/home/doug/.nvm/versions/node/v16.15.0/bin/node");
  EXPECT_EQ(a.interpreter_args,
            (Args{"--huge-max-old-generation-size", "--max_old_space_size=8192"}));
  EXPECT_TRUE(a.args.empty());
  EXPECT_EQ(a.cron_restart, "0 1/3 * * *");
  EXPECT_EQ(a.max_memory_restart_bytes, 7LL << 30);
  EXPECT_EQ(a.env.at("NODE_ENV"), "production");
  EXPECT_TRUE(testing::HasWarning(e,
                                  "31-49handyman-EquihashNompPool-pm2.json:5: "
                                  "apps[0].exec_interpreter: duplicate key: the last value is "
                                  "used (as in PM2)"));
}

TEST(RealCorpus, SmallJsonFiles) {
  Ecosystem blog = Load("33-6600-iBlog-pm2.json");
  ASSERT_EQ(Names(blog), Names_{"website"});
  EXPECT_EQ(blog.apps[0].interpreter, "/bin/bash");
  EXPECT_EQ(blog.apps[0].args, Args{"start"});

  Ecosystem vsf = Load("34-vuestorefront-vue-storefront-ecosystem.json");
  ASSERT_EQ(Names(vsf), Names_{"vsf"});
  EXPECT_EQ(vsf.apps[0].instances, 2);
  EXPECT_EQ(vsf.apps[0].interpreter_args, Args{"--max_old_space_size=1024"});
}

TEST(RealCorpus, WatchGlobsAndVizion) {
  Ecosystem e = Load("36-CinemaPress-CinemaPress-process.json");
  ASSERT_EQ(Names(e), Names_{"example.com"});
  EXPECT_EQ(e.apps[0].watch_paths.size(), 7u);
  EXPECT_EQ(e.apps[0].instances, 1);
  EXPECT_EQ(e.apps[0].env.at("CP_VER"), "1");
  EXPECT_TRUE(testing::HasWarning(e,
                                  "36-CinemaPress-CinemaPress-process.json:26: apps[0].vizion: "
                                  "PM2 option 'vizion' is not used by tend (ignored)"));
}

TEST(RealCorpus, SchemaKeyAndAbsolutePaths) {
  Ecosystem e = Load("38-unraid-api-ecosystem.config.json");
  ASSERT_EQ(Names(e), Names_{"unraid-api"});
  EXPECT_EQ(e.apps[0].cwd, "/usr/local/unraid-api");
  EXPECT_TRUE(e.apps[0].wait_ready);
  EXPECT_EQ(e.apps[0].listen_timeout_ms, 15000);
  EXPECT_TRUE(testing::HasWarning(
      e,
      "38-unraid-api-ecosystem.config.json:2: $schema: unknown top-level key '$schema' "
      "(ignored)"));
}

TEST(RealCorpus, BareArrayAndDefaultName) {
  Ecosystem e = Load("39-Unitech-pm2-all.json");
  ASSERT_EQ(Names(e), (Names_{"echo", "child", "api-2"}));
  EXPECT_EQ(e.apps[1].instances, 4);
  EXPECT_EQ(e.apps[2].instances, 3);
}

TEST(RealCorpus, BlockCommentsAndDeploy) {
  Ecosystem e = Load("41-AlwaysAwake-papyruth-web-ecosystem.json");
  ASSERT_EQ(Names(e), Names_{"Papyruth-web"});
  EXPECT_EQ(e.apps[0].env.at("NODE_ENV"), "production");
  EXPECT_EQ(e.apps[0].env.at("COMMON_VARIABLE"), "true");
  Ecosystem dev = Load("41-AlwaysAwake-papyruth-web-ecosystem.json", "");
  EXPECT_EQ(dev.apps[0].env.at("NODE_ENV"), "dev");
}

TEST(RealCorpus, TsNodeCluster) {
  Ecosystem e = Load("43-AlanGuo-monitor-backend-ecosystem.json");
  ASSERT_EQ(Names(e), Names_{"newonlyfans-backend"});
  EXPECT_EQ(e.apps[0].script, "ts-node");
  EXPECT_EQ(e.apps[0].args, (Args{"-r", "tsconfig-paths/register", "./src/app.ts"}));
  EXPECT_EQ(e.apps[0].instance_var, "newonlyfans-backend");
}

TEST(RealCorpus, YamlFiles) {
  Ecosystem web = Load("44-TheRdMelon-pixelplanet-ecosystem.yml");
  ASSERT_EQ(Names(web), Names_{"web"});
  EXPECT_EQ(web.apps[0].interpreter_args, (Args{"--nouse-idle-notification", "--expose-gc"}));
  EXPECT_EQ(web.apps[0].env.at("PORT"), "80");
  EXPECT_EQ(web.apps[0].env.at("LOG_MYSQL"), "1");

  Ecosystem bot = Load("46-BuildTheEarth-main-bot-ecosystem.yml");
  ASSERT_EQ(Names(bot), Names_{"main-bot"});
  EXPECT_EQ(bot.apps[0].env.at("NODE_ENV"), "production");
  EXPECT_EQ(bot.apps[0].cwd, kDir);

  Ecosystem zmq = Load("48-snovakovic-zmq-xpub-xsub-ecosystem.yml");
  ASSERT_EQ(Names(zmq), Names_{"xpxs"});
  EXPECT_EQ(zmq.apps[0].env.at("XSUB_PORT"), "{xsub-port}");
  EXPECT_EQ(zmq.apps[0].cwd, "/var/www/zmq-xpub-xsub");

  Ecosystem discord = Load("49-Lioness100-sapphire-template-ecosystem.yml");
  ASSERT_EQ(Names(discord), Names_{"discord-bot"});
  EXPECT_TRUE(discord.apps[0].time);
  EXPECT_EQ(discord.apps[0].env.at("NODE_ENV"), "production");
}

TEST(RealCorpus, FilesPm2RefusesAreRefused) {
  const std::pair<std::string, std::string> cases[] = {
      {"21-arifuzzaman31-apideligo-ecosystem.config.cjs",
       "21-arifuzzaman31-apideligo-ecosystem.config.cjs: evaluating it with node failed: "
       "SyntaxError: Unexpected token 'export'"},
      {"23-019ec6e2-cosyworld-core-ecosystem.config.cjs",
       "23-019ec6e2-cosyworld-core-ecosystem.config.cjs: evaluating it with node failed: "
       "Error: Cannot find module 'dotenv'"},
      {"28-alikia2x-cvsa-ecosystem.config.mjs",
       "28-alikia2x-cvsa-ecosystem.config.mjs: evaluating it with node failed: Error: Cannot "
       "find package 'dotenv' imported from " +
           kDir + "/28-alikia2x-cvsa-ecosystem.config.mjs"},
  };
  for (const auto& [file, message] : cases) {
    auto eco = LoadEcosystem(file, FixtureOptions("ecosystem-real"));
    ASSERT_FALSE(eco.ok()) << file;
    EXPECT_EQ(eco.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(eco.status().message(), message);
  }
}

TEST(RealCorpus, EveryOtherFileLoads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    const std::string name = entry.path().filename().string();
    if (!IsEcosystemPath(name)) continue;
    if (name.rfind("21-", 0) == 0 || name.rfind("23-", 0) == 0 || name.rfind("28-", 0) == 0) {
      continue;
    }
    Ecosystem e = Load(name);
    EXPECT_FALSE(e.apps.empty()) << name;
    ++loaded;
  }
  EXPECT_EQ(loaded, 27);
}

}  // namespace
}  // namespace tend

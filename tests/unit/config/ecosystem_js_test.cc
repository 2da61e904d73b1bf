// JavaScript configs run by a real node: output isolation, failures, timeouts,
// a missing node.

#include <gtest/gtest.h>

#include <chrono>

#include "tests/support/temp_dir.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend {
namespace {

using testing::FixtureOptions;

Result<Ecosystem> LoadJs(const std::string& file,
                         EcosystemOptions options = FixtureOptions("ecosystem/js")) {
  return LoadEcosystem(file, options);
}

// The message of a load that must fail ("loaded" if it did not).
std::string LoadJsError(const std::string& file) {
  auto eco = LoadJs(file);
  return eco.ok() ? "loaded" : eco.status().message();
}

TEST(JsConfig, PrintsDoNotCorruptTheResult) {
  ::testing::internal::CaptureStderr();
  auto eco = LoadJs("prints.config.js");
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  ASSERT_EQ(eco->apps.size(), 1u);
  EXPECT_EQ(eco->apps[0].name, "loud");
  // The config's own stdout and stderr reach our stderr.
  EXPECT_NE(err.find("{\"apps\": \"this is not the config\"}"), std::string::npos) << err;
  EXPECT_NE(err.find("noise on stdout"), std::string::npos);
  EXPECT_NE(err.find("noise on stderr"), std::string::npos);
}

TEST(JsConfig, ThrowIsReportedWithItsMessage) {
  EXPECT_EQ(LoadJsError("throws.config.js"),
            "throws.config.js: evaluating it with node failed: Error: database URL is not set");
}

TEST(JsConfig, MissingModuleIsReported) {
  EXPECT_EQ(LoadJsError("missing-module.config.js"),
            "missing-module.config.js: evaluating it with node failed: Error: Cannot find module "
            "'some-module-that-is-not-installed'");
}

TEST(JsConfig, HangIsKilledAfterTheTimeout) {
  EcosystemOptions options = FixtureOptions("ecosystem/js");
  options.js_timeout_ms = 300;
  const auto start = std::chrono::steady_clock::now();
  auto eco = LoadJs("hangs.config.js", options);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(eco.ok());
  EXPECT_EQ(eco.status().code(), Code::kTimeout);
  EXPECT_EQ(eco.status().message(),
            "hangs.config.js: node did not finish evaluating it within 300 ms (killed)");
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(JsConfig, NodeMissingFromPath) {
  test::TempDir empty;
  EcosystemOptions options = FixtureOptions("ecosystem/js");
  options.context.path_env = empty.path();
  auto eco = LoadJs("prints.config.js", options);
  ASSERT_FALSE(eco.ok());
  EXPECT_EQ(eco.status().code(), Code::kNotFound);
  EXPECT_EQ(eco.status().message(),
            "tend needs node to evaluate prints.config.js: node not found in PATH");
}

TEST(JsConfig, MissingFileIsNotFound) {
  auto eco = LoadJs("absent.config.js");
  ASSERT_FALSE(eco.ok());
  EXPECT_EQ(eco.status().code(), Code::kNotFound);
  EXPECT_EQ(eco.status().message(), "reading absent.config.js: No such file or directory");
}

TEST(JsConfig, ExportsNothingUsable) {
  for (const char* file : {"empty.config.js", "nothing.config.js"}) {
    auto eco = LoadJs(file);
    ASSERT_FALSE(eco.ok()) << file;
    EXPECT_EQ(eco.status().message(),
              std::string(file) + ": no apps: expected { apps: [...] }, an app or a list of apps");
  }
}

TEST(JsConfig, ErrorsNameTheKeyPathWithoutALine) {
  EXPECT_EQ(LoadJsError("bad-value.config.js"),
            "bad-value.config.js: apps[1].instances: \"many\" is not a number, \"max\" or -1");
}

TEST(JsConfig, SeesTheCliEnvironment) {
  EcosystemOptions options = FixtureOptions("ecosystem/js");
  options.context.env["APP_NAME"] = "from-env";
  options.context.env["INSTANCES"] = "2";
  options.context.env["APP_DIR"] = "/srv/app";
  auto eco = LoadJs("reads-env.config.js", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  EXPECT_EQ(eco->apps[0].name, "from-env");
  EXPECT_EQ(eco->apps[0].instances, 2);
  EXPECT_EQ(eco->apps[0].cwd, "/srv/app");
  EXPECT_EQ(eco->apps[0].env.at("APP_NAME"), "from-env");

  auto unset = LoadJs("reads-env.config.js");
  ASSERT_TRUE(unset.ok()) << unset.status().message();
  EXPECT_EQ(unset->apps[0].name, "unnamed");
  EXPECT_EQ(unset->apps[0].cwd, testing::FixtureDir("ecosystem/js"));
}

TEST(JsConfig, RequireAndDefaultExport) {
  auto required = LoadJs("requires-json.config.js");
  ASSERT_TRUE(required.ok()) << required.status().message();
  EXPECT_EQ(required->apps[0].name, "from-json");
  EXPECT_EQ(required->apps[0].script, "index.js");

  auto esm = LoadJs("default-export.config.mjs");
  ASSERT_TRUE(esm.ok()) << esm.status().message();
  EXPECT_EQ(esm->apps[0].name, "esm");
}

TEST(JsConfig, EsmInACommonJsExtensionUnderTypeModule) {
  test::TempDir dir;
  dir.Write("package.json", "{\"type\": \"module\"}\n");
  dir.Write("ecosystem.config.js", "export default { apps: [{ script: 'app.js' }] };\n");
  EcosystemOptions options = FixtureOptions("ecosystem/js");
  options.context.cwd = dir.path();
  auto eco = LoadEcosystem("ecosystem.config.js", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  EXPECT_EQ(eco->apps[0].name, "app");
}

}  // namespace
}  // namespace tend

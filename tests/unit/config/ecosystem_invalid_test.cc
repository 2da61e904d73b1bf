// Invalid files of tests/fixtures/ecosystem/invalid/, each with the exact message
// the user sees: file, line (JSON and YAML), key path, value and what is wrong.

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>

#include "tests/unit/config/ecosystem_fixture.h"

namespace tend {
namespace {

struct InvalidCase {
  const char* file;
  const char* message;
};

void PrintTo(const InvalidCase& c, std::ostream* os) {
  *os << c.file;
}

const InvalidCase kCases[] = {
    {"instances-many.yaml",
     "instances-many.yaml:7: apps[0].instances: \"many\" is not a number, \"max\" or -1"},
    {"instances-negative.json",
     "instances-negative.json:3: apps[0].instances: -3 is not a number, \"max\" or -1"},
    {"bad-size.json",
     "bad-size.json:5: apps[0].max_memory_restart: \"lots\" is not a size (bytes, or a number "
     "with K, M or G: \"300M\", \"1G\")"},
    {"bad-cron.yaml",
     "bad-cron.yaml:4: apps[0].cron_restart: \"61 * * * *\" is not a cron expression: minute 61 "
     "is out of range 0-59"},
    {"cron-fields.yaml",
     "cron-fields.yaml:4: apps[0].cron: \"* * *\" is not a cron expression: it needs 5 fields "
     "(minute hour day month weekday) or 6 (seconds first), not 3"},
    {"empty-name.json", "empty-name.json:3: apps[0].name: app name must not be empty"},
    {"name-slash.yaml",
     "name-slash.yaml:3: apps[0].name: app name '../etc' must not contain '/', '..' or NUL"},
    {"duplicate-key.yaml", "duplicate-key.yaml:4: apps[0].name: duplicate key"},
    {"missing-script.json",
     "missing-script.json:3: apps[0]: missing 'script' (the program to run)"},
    {"typo.json",
     "typo.json:5: apps[0].instance: unknown option 'instance', did you mean 'instances'?"},
    {"wrong-type.yaml", "wrong-type.yaml:4: apps[0].autorestart: \"yes\" is not true or false"},
    {"syntax.json", "syntax.json:4: expected ',' or '}' after a value, found '\"'"},
    {"syntax.yaml", "syntax.yaml:4: end of sequence flow not found"},
    {"bad-duration.yaml",
     "bad-duration.yaml:4: apps[0].min_uptime: \"soon\" is not a duration (milliseconds, or a "
     "number with ms, s, m or h: \"500ms\", \"5s\")"},
    {"env-not-object.json",
     "env-not-object.json:1: apps[0].env: \"NODE_ENV=production\" is not an object of variables"},
    {"env-nested.yaml",
     "env-nested.yaml:5: apps[0].env.DB: an object is not a string, number or boolean"},
    {"exec-mode.json",
     "exec-mode.json:1: apps[0].exec_mode: \"threads\" is not \"fork\" or \"cluster\""},
    {"bad-signal.yaml",
     "bad-signal.yaml:4: apps[0].kill_signal: \"SIGNOPE\" is not a signal name (e.g. "
     "\"SIGTERM\")"},
    {"several.yaml",
     "several.yaml:5: apps[0].instances: \"many\" is not a number, \"max\" or -1\n"
     "several.yaml:7: apps[1].max_restarts: -1 is out of range 0..2147483647\n"
     "several.yaml:6: apps[1]: missing 'script' (the program to run)"},
    // Found by the fuzz targets: these reached the daemon as "caf\uFFFD" and "d\uFFFDv".
    {"latin1-name.yaml",
     "latin1-name.yaml:3: apps[0].name: \"caf\\xE9\" is not valid UTF-8 (a text option must be)"},
    {"latin1-namespace.json",
     "latin1-namespace.json:1: apps[0].namespace: \"d\\xE9v\" is not valid UTF-8 (a text option "
     "must be)"},
    {"apps-not-list.json", "apps-not-list.json:1: apps: \"api.js\" is not a list of apps"},
    {"no-apps.json", "no-apps.json:1: no apps: expected { apps: [...] }, an app or a list of apps"},
    {"apps-typo.yaml", "apps-typo.yaml:1: app: unknown key 'app', did you mean 'apps'?"},
    {"empty-apps.yaml", "empty-apps.yaml:1: the apps list is empty"},
    {"unterminated-comment.json", "unterminated-comment.json:2: unterminated /* comment"},
    {"not-ecosystem.txt",
     "not-ecosystem.txt: not an ecosystem file name (.json, .yaml, .yml, .config.js, "
     ".config.cjs or .config.mjs)"},
};

class InvalidFileTest : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidFileTest, IsRefusedWithItsMessage) {
  auto eco = LoadEcosystem(GetParam().file, testing::FixtureOptions("ecosystem/invalid"));
  ASSERT_FALSE(eco.ok()) << GetParam().file;
  EXPECT_EQ(eco.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(eco.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(Corpus, InvalidFileTest, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           std::string name = param_info.param.file;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(InvalidFile, MissingFileIsAnIoError) {
  auto eco = LoadEcosystem("nowhere.yaml", testing::FixtureOptions("ecosystem/invalid"));
  ASSERT_FALSE(eco.ok());
  EXPECT_EQ(eco.status().code(), Code::kNotFound);
  EXPECT_NE(eco.status().message().find("nowhere.yaml"), std::string::npos);
}

TEST(InvalidFile, EveryFixtureIsCovered) {
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::FixtureDir("ecosystem/invalid"))) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, std::size(kCases));
}

}  // namespace
}  // namespace tend

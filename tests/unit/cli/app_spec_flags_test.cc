// `tend start` flags land in the AppSpec through the app options table; a
// number out of an option's range is refused with the flag and the range,
// never wrapped into another value.
#include "cli/app_spec_flags.h"

#include <gtest/gtest.h>

#include "cli/command_line.h"
#include "cli/command_table.h"

namespace tend::cli {
namespace {

// Parses `tend start script <words>` and applies the flags to a fresh spec.
Result<AppSpec> Start(const std::vector<std::string>& words) {
  std::vector<std::string> all = {"/bin/sleep"};
  all.insert(all.end(), words.begin(), words.end());
  auto parsed = ParseCommandLine(*FindCommand("start"), all);
  if (!parsed.ok()) return parsed.status();
  AppSpec spec;
  TEND_RETURN_IF_ERROR(ApplyStartFlags(parsed->args, spec));
  return spec;
}

std::string Error(const std::vector<std::string>& words) {
  auto spec = Start(words);
  return spec.ok() ? "(accepted)" : spec.status().message();
}

TEST(AppSpecFlags, MaxRestartsBeyondAnIntIsRefusedNotWrapped) {
  EXPECT_EQ(Error({"--max-restarts", "99999999999999999999"}),
            "--max-restarts: 99999999999999999999 is out of range 0..2147483647");
  EXPECT_EQ(Error({"--max-restarts", "4294967296"}),
            "--max-restarts: 4294967296 is out of range 0..2147483647");
  EXPECT_EQ(Error({"--max-restarts", "-1"}), "--max-restarts: -1 is out of range 0..2147483647");
  auto spec = Start({"--max-restarts", "2147483647"});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->max_restarts, 2147483647);
}

TEST(AppSpecFlags, StopExitCodesAreExitCodes) {
  EXPECT_EQ(Error({"--stop-exit-codes", "0", "4294967296"}),
            "--stop-exit-codes: 4294967296 is out of range 0..255");
  auto spec = Start({"--stop-exit-codes", "0", "2"});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->stop_exit_codes, (std::vector<int>{0, 2}));
}

TEST(AppSpecFlags, DurationsBeyondInt64AreRefused) {
  EXPECT_EQ(Error({"--kill-timeout", "99999999999999999999"}),
            "--kill-timeout: 99999999999999999999 is out of range 0..9223372036854775807");
  EXPECT_EQ(Error({"--min-uptime", "5s"}), "--min-uptime: '5s' is not a whole number");
}

// Text options travel as JSON text: bytes that are not UTF-8 would reach the daemon as U+FFFD.
TEST(AppSpecFlags, TextFlagsMustBeUtf8) {
  EXPECT_EQ(Error({"--namespace", "d\xe9v"}),
            "--namespace: \"d\\xE9v\" is not valid UTF-8 (a text option must be)");
  EXPECT_EQ(Error({"-n", "caf\xe9"}),
            "--name: \"caf\\xE9\" is not valid UTF-8 (a text option must be)");
  auto spec = Start({"-n", "café", "--namespace", "dév"});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->namespace_, "dév");
}

TEST(AppSpecFlags, FlagsLandInTheSpec) {
  auto spec = Start({"-n", "api", "--no-autorestart", "--no-treekill", "--wait-ready",
                     "--kill-signal", "term", "--log-type", "json", "--log-max-size", "10M",
                     "--interpreter-args", "--a  --b", "-l", "--min-uptime", "5"});
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->name, "api");
  EXPECT_FALSE(spec->autorestart);
  EXPECT_FALSE(spec->treekill);
  EXPECT_TRUE(spec->wait_ready);
  EXPECT_EQ(spec->kill_signal, "SIGTERM");
  EXPECT_EQ(spec->log_type, "json");
  EXPECT_EQ(spec->log_max_size_bytes, 10 * 1024 * 1024);
  EXPECT_EQ(spec->interpreter_args, (std::vector<std::string>{"--a", "--b"}));
  EXPECT_EQ(spec->log_file, "");
  EXPECT_EQ(spec->min_uptime_ms, 5);
  EXPECT_EQ(Error({"--log-type", "xml"}), "--log-type: \"xml\" is not \"raw\" or \"json\"");
}

}  // namespace
}  // namespace tend::cli

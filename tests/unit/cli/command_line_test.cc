// Positional arguments land where the command table says, for verbs that
// take one fixed positional before a list.
#include "cli/command_line.h"

#include <gtest/gtest.h>

#include "cli/command_table.h"

namespace tend::cli {
namespace {

ParsedArgs Parse(std::string_view verb, const std::vector<std::string>& words) {
  const CommandSpec* spec = FindCommand(verb);
  EXPECT_NE(spec, nullptr) << verb;
  if (spec == nullptr) return {};
  auto parsed = ParseCommandLine(*spec, words);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? parsed->args : ParsedArgs{};
}

TEST(CommandLine, SendSignalTakesOneSignalThenTargets) {
  auto args = Parse("sendSignal", {"SIGUSR2", "api"});
  EXPECT_EQ(args.String("signal"), "SIGUSR2");
  EXPECT_EQ(args.List("targets"), (std::vector<std::string>{"api"}));
  args = Parse("sendSignal", {"12", "api", "3", "web"});
  EXPECT_EQ(args.String("signal"), "12");
  EXPECT_EQ(args.List("targets"), (std::vector<std::string>{"api", "3", "web"}));
}

TEST(CommandLine, ASinglePositionalRefusesExtraWords) {
  const CommandSpec* env = FindCommand("env");
  ASSERT_NE(env, nullptr);
  auto parsed = ParseCommandLine(*env, {"0", "1"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
  EXPECT_FALSE(ParseCommandLine(*FindCommand("sendSignal"), {"SIGUSR2"}).ok())
      << "targets are required";
}

TEST(CommandLine, TargetListsKeepTheirOrder) {
  auto args = Parse("stop", {"0", "worker", "/^api-/"});
  EXPECT_EQ(args.List("targets"), (std::vector<std::string>{"0", "worker", "/^api-/"}));
}

TEST(CommandLine, AWholeNumberBeyondItsRangeIsAUsageError) {
  auto parsed = ParseCommandLine(*FindCommand("logs"), {"--lines", "99999999999999999999"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "--lines: 99999999999999999999 is out of range 0..2147483647");
  EXPECT_EQ(Parse("logs", {"--lines", "0"}).String("lines"), "0");
}

}  // namespace
}  // namespace tend::cli

#include "config/ecosystem/option_values.h"

#include <gtest/gtest.h>

#include "config/control_chars.h"
#include "config/edit_distance.h"

namespace tend::ecosystem {
namespace {

TEST(ParseDurationMs, UnitsAndPlainNumbers) {
  EXPECT_EQ(*ParseDurationMs("500ms"), 500);
  EXPECT_EQ(*ParseDurationMs("5s"), 5000);
  EXPECT_EQ(*ParseDurationMs("1.5m"), 90000);
  EXPECT_EQ(*ParseDurationMs("2h"), 7200000);
  EXPECT_EQ(*ParseDurationMs("1d"), 86400000);
  EXPECT_EQ(*ParseDurationMs("250"), 250);
  EXPECT_EQ(ParseDurationMs("-5s").status().message(),
            "\"-5s\" is not a duration (milliseconds, or a number with ms, s, m or h: "
            "\"500ms\", \"5s\")");
  EXPECT_FALSE(ParseDurationMs("5 sec").ok());
}

TEST(ParseSizeBytes, Pm2Units) {
  EXPECT_EQ(*ParseSizeBytes("10K"), 10240);
  EXPECT_EQ(*ParseSizeBytes("300M"), 300LL << 20);
  EXPECT_EQ(*ParseSizeBytes("1G"), 1LL << 30);
  EXPECT_EQ(*ParseSizeBytes("1gb"), 1LL << 30);
  EXPECT_EQ(*ParseSizeBytes("512"), 512);
  EXPECT_EQ(ParseSizeBytes("1X").status().message(),
            "\"1X\" is not a size (bytes, or a number with K, M or G: \"300M\", \"1G\")");
}

// std::regex recursed once per digit: 200,000 of them overflowed the CLI's stack.
TEST(ParseDurationMs, AHugeNumberIsAnErrorNotACrash) {
  EXPECT_FALSE(ParseDurationMs(std::string(200000, '9')).ok());
  EXPECT_FALSE(ParseSizeBytes(std::string(200000, '9') + "M").ok());
  EXPECT_EQ(*ParseSizeBytes(std::string(100000, '0') + "1K"), 1024);
}

TEST(ParseDurationMs, AHugeValueIsCutInTheMessage) {
  const auto status = ParseDurationMs(std::string(200000, '9') + "x").status();
  EXPECT_LT(status.message().size(), 300u) << status.message().substr(0, 300);
  EXPECT_NE(status.message().find("...\" (200001 bytes)"), std::string::npos) << status.message();
  EXPECT_NE(ParseDurationMs("5 parsecs").status().message().find("\"5 parsecs\""),
            std::string::npos);
}

TEST(SplitShellWords, QuotesAndEscapes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(*SplitShellWords("  a  b\tc "), (V{"a", "b", "c"}));
  EXPECT_EQ(*SplitShellWords("--k='\"Dev\"' --l=\"a b\""), (V{"--k=\"Dev\"", "--l=a b"}));
  EXPECT_EQ(*SplitShellWords(R"(a\ b "x\"y" '')"), (V{"a b", "x\"y", ""}));
  EXPECT_EQ(*SplitShellWords(""), V{});
  EXPECT_EQ(SplitShellWords("it's").status().message(), "\"it's\" has an unterminated ' quote");
}

TEST(CheckCronExpression, AcceptsCommonForms) {
  for (const char* ok : {"0 3 * * *", "*/15 * * * *", "0 1/3 * * *", "0 0 1,15 * mon-fri",
                         "30 0 9 * * *", "0 0 * JAN,jul 0", "0 12 ? * 7", "@daily"}) {
    EXPECT_TRUE(CheckCronExpression(ok).ok()) << ok;
  }
}

TEST(CheckCronExpression, ExplainsWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"61 * * * *", "minute 61 is out of range 0-59"},
      {"* 24 * * *", "hour 24 is out of range 0-23"},
      {"* * 0 * *", "day of month 0 is out of range 1-31"},
      {"* * * 13 *", "month 13 is out of range 1-12"},
      {"* * * * 8", "day of week 8 is out of range 0-7"},
      {"* * * * * * *",
       "it needs 5 fields (minute hour day month weekday) or 6 (seconds "
       "first), not 7"},
      {"*/0 * * * *", "minute step '0' is not valid"},
      {"5-1 * * * *", "minute range '5-1' goes backwards"},
      {"x * * * *", "minute 'x' is not a number"},
  };
  for (const auto& [expr, why] : cases) {
    EXPECT_EQ(CheckCronExpression(expr).message(),
              "\"" + std::string(expr) + "\" is not a cron expression: " + why);
  }
}

// Found by fuzz_option_values (corpus: crash-cron-message): the whole expression was in the
// message, newlines and bytes that are not UTF-8 as they were, so 310 bytes of input made
// a message of more than 600 that broke the terminal's lines.
TEST(CheckCronExpression, AHostileExpressionGivesAShortEscapedMessage) {
  const Status lines = CheckCronExpression(std::string(200, '\n') + "\xff * * * *");
  EXPECT_LE(lines.message().size(), 800u);
  EXPECT_FALSE(HasControlChar(lines.message())) << lines.message();
  EXPECT_EQ(CheckCronExpression("x\x1b * * * *").message(),
            "\"x\\x1B * * * *\" is not a cron expression: minute 'x\\x1B' is not a number");
  const Status huge = CheckCronExpression(std::string(100000, '1') + " * * * *");
  EXPECT_EQ(huge.message(), "\"" + std::string(80, '1') +
                                "...\" (100008 bytes) is not a cron expression: longer than 256 "
                                "bytes");
}

// Found by fuzz_option_values and fuzz_ecosystem_yaml (corpus: crash-cron-nul): a field
// holding a NUL byte read as a number (strtol stops there), so "0\0<anything>" passed,
// and its bytes then reached the daemon changed (U+FFFD) or named raw in a message.
TEST(CheckCronExpression, ANulByteInAFieldIsNotANumber) {
  EXPECT_EQ(CheckCronExpression(std::string("\0n * * * *", 10)).message(),
            "\"\\x00n * * * *\" is not a cron expression: minute '\\x00n' is not a number");
  EXPECT_EQ(CheckCronExpression(std::string("*/1\0x * * * *", 13)).message(),
            "\"*/1\\x00x * * * *\" is not a cron expression: minute step '1\\x00x' is not valid");
  EXPECT_EQ(CheckCronExpression(std::string("4 0 0 ? \0\0 sun", 14)).message(),
            "\"4 0 0 ? \\x00\\x00 sun\" is not a cron expression: month '\\x00\\x00' is not a "
            "number");
}

TEST(NormalizeSignalName, Spellings) {
  EXPECT_EQ(*NormalizeSignalName("SIGTERM"), "SIGTERM");
  EXPECT_EQ(*NormalizeSignalName("term"), "SIGTERM");
  EXPECT_EQ(*NormalizeSignalName("SigUsr2"), "SIGUSR2");
  EXPECT_FALSE(NormalizeSignalName("SIGNOPE").ok());
}

TEST(EditDistance, CountsSwapsAsOne) {
  EXPECT_EQ(EditDistance("instance", "instances"), 1);
  EXPECT_EQ(EditDistance("nmae", "name"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

}  // namespace
}  // namespace tend::ecosystem

// The rules of an app name (config/app_name.h) and the escaping of control characters
// that error messages and `tend logs` share (config/control_chars.h).
#include "config/app_name.h"

#include <gtest/gtest.h>

#include <string>

#include "config/control_chars.h"

namespace tend {
namespace {

TEST(AppName, OrdinaryNamesPass) {
  for (const char* name : {"api", "worker-1", "a.b_c", "1a", "all-in", "ALL", "número"})
    EXPECT_TRUE(CheckAppName(name).ok()) << name;
  EXPECT_TRUE(CheckAppName(std::string(kMaxAppNameBytes, 'n')).ok());
}

TEST(AppName, EachRefusalSaysWhyAndNamesTheName) {
  const std::pair<std::string, std::string> cases[] = {
      {"0", "app name '0' is all digits: it could not be targeted, as a number means an id"},
      {"12", "app name '12' is all digits: it could not be targeted, as a number means an id"},
      {"all", "app name 'all' is reserved: 'all' means every app"},
      {"a\nb",
       "app name 'a\\x0Ab' contains a control character (newline, tab, ESC...): "
       "not allowed"},
      {"t\tb",
       "app name 't\\x09b' contains a control character (newline, tab, ESC...): "
       "not allowed"},
      {"\x1b[2J",
       "app name '\\x1B[2J' contains a control character (newline, tab, ESC...): "
       "not allowed"},
      {"del\x7f",
       "app name 'del\\x7F' contains a control character (newline, tab, ESC...): "
       "not allowed"},
      {std::string("n\0l", 3),
       "app name 'n\\x00l' contains a control character (newline, "
       "tab, ESC...): not allowed"},
      {"", "app name must not be empty"},
      {"..", "app name '..' is not allowed"},
      {"a/b", "app name 'a/b' must not contain '/', '..' or NUL"},
  };
  for (const auto& [name, why] : cases) {
    const Status s = CheckAppName(name);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << name;
    EXPECT_EQ(s.message(), why);
  }
}

TEST(AppName, ALongNameIsCutInTheMessage) {
  const Status s = CheckAppName(std::string(20000, 'a'));
  EXPECT_EQ(s.message(), "app name '" + std::string(40, 'a') +
                             "...' (20000 bytes) is too long: at most 128 bytes");
}

// Found by fuzz_ecosystem_yaml/json/js_result (tests/fuzz/corpus/*/crash-name-not-utf8*): a
// name with a Latin-1 byte passed, then reached the daemon as "caf\uFFFD" (the wire is JSON
// text).
TEST(AppName, BytesThatAreNotUtf8AreRefusedAndShownEscaped) {
  EXPECT_EQ(CheckAppName("caf\xe9").message(), "app name 'caf\\xE9' is not valid UTF-8");
  EXPECT_EQ(CheckAppName("\xed\xa0\x80").message(),  // a surrogate, as "\ud800" in JSON-lite
            "app name '\\xED\\xA0\\x80' is not valid UTF-8");
  EXPECT_EQ(CheckAppName("z\x9b\x95o").message(), "app name 'z\\x9B\\x95o' is not valid UTF-8");
  EXPECT_TRUE(CheckAppName("café").ok());
}

TEST(ControlChars, MessagesEscapeBytesThatAreNotUtf8EvenWhereTheyAreCut) {
  EXPECT_EQ(QuoteForMessage("caf\xe9 ünï\t"), "'caf\\xE9 ünï\\x09'");
  // Cut inside "é": the half sequence is escaped, not left for a terminal to guess.
  EXPECT_EQ(QuoteForMessage("aé", '"', 2), "\"a\\xC3...\" (3 bytes)");
}

TEST(ControlChars, EscapedAsTheCliShowsThem) {
  EXPECT_EQ(EscapeControlChars("\x1b[31mred\x1b[0m"), "\\x1B[31mred\\x1B[0m");
  EXPECT_EQ(EscapeControlChars("a\tb\r\x07"), "a\\x09b\\x0D\\x07");
  EXPECT_EQ(EscapeControlChars("ünï \\x1B"), "ünï \\x1B");  // UTF-8 and backslashes pass
  EXPECT_FALSE(HasControlChar("plain text"));
  EXPECT_TRUE(HasControlChar("bell\x07"));
}

}  // namespace
}  // namespace tend

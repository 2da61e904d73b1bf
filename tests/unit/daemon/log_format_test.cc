#include "daemon/logs/log_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

namespace tend {
namespace {

// 2026-11-26T10:32:05.123Z, a Thursday.
constexpr int64_t kWhen = 1795689125123;

class LogFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tz = std::getenv("TZ");
    saved_tz_ = tz ? tz : "";
    had_tz_ = tz != nullptr;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (had_tz_) {
      setenv("TZ", saved_tz_.c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  std::string saved_tz_;
  bool had_tz_ = false;
};

TEST_F(LogFormatTest, DayjsTokens) {
  EXPECT_EQ(FormatDate("YYYY-MM-DD HH:mm:ss.SSS", kWhen), "2026-11-26 10:32:05.123");
  EXPECT_EQ(FormatDate("YY M D H m s", kWhen), "26 11 26 10 32 5");
  EXPECT_EQ(FormatDate("hh:mm A a h", kWhen), "10:32 AM am 10");
  EXPECT_EQ(FormatDate("Z ZZ", kWhen), "+00:00 +0000");
  EXPECT_EQ(FormatDate("[at] HH[h]", kWhen), "at 10h");
  EXPECT_EQ(FormatDate(kIsoDateFormat, kWhen), "2026-11-26T10:32:05.123+00:00");
}

TEST_F(LogFormatTest, LocalOffsetAndAfternoon) {
  setenv("TZ", "Asia/Kolkata", 1);  // +05:30, no DST
  tzset();
  EXPECT_EQ(FormatDate("YYYY-MM-DDTHH:mm:ssZ A hh", kWhen), "2026-11-26T16:02:05+05:30 PM 04");
  EXPECT_EQ(FormatDate("HH:mm[Z]", kWhen, /*utc=*/true), "10:32Z");
}

LogLine Line(std::string text, LineEnd end = LineEnd::kNewline, bool continuation = false) {
  LogLine line;
  line.text = std::move(text);
  line.end = end;
  line.continuation = continuation;
  line.timestamp_ms = kWhen;
  line.process_id = 3;
  line.stream = LogStream::kErr;
  return line;
}

void AppendLine(const LogFormat& format, const LogLine& line, std::string* out) {
  AppendFormattedLine(format, line.ref(), out);
}

TEST_F(LogFormatTest, RawLinesAndTimePrefix) {
  std::string out;
  AppendLine(LogFormat{}, Line("plain"), &out);
  EXPECT_EQ(out, "plain\n");

  out.clear();
  AppendLine(LogFormat{true, "", false, ""}, Line("hi"), &out);
  EXPECT_EQ(out, "2026-11-26T10:32:05.123+00:00: hi\n");

  out.clear();
  const LogFormat custom{false, "YYYY-MM-DD HH:mm Z", false, ""};
  AppendLine(custom, Line("first", LineEnd::kCapped), &out);
  AppendLine(custom, Line("rest", LineEnd::kNewline, true), &out);
  EXPECT_EQ(out, "2026-11-26 10:32 +00:00: firstrest\n");  // one prefix per line
}

TEST_F(LogFormatTest, JsonLineParsesAndReplacesInvalidUtf8) {
  std::string out;
  const LogFormat json{false, "", true, "api"};
  AppendLine(json, Line(std::string("bad \xff\xfe byte \"q\"\t")), &out);
  ASSERT_EQ(out.back(), '\n');
  ASSERT_EQ(out.find('\n'), out.size() - 1);
  const nlohmann::json parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed["message"], "bad \xEF\xBF\xBD\xEF\xBF\xBD byte \"q\"\t");
  EXPECT_EQ(parsed["timestamp"], "2026-11-26T10:32:05.123Z");
  EXPECT_EQ(parsed["type"], "err");
  EXPECT_EQ(parsed["process_id"], 3);
  EXPECT_EQ(parsed["app_name"], "api");

  out.clear();
  AppendLine(LogFormat{false, "YYYY", true, "api"}, Line("x"), &out);
  EXPECT_EQ(nlohmann::json::parse(out)["timestamp"], "2026");
}

}  // namespace
}  // namespace tend

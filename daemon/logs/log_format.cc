#include "daemon/logs/log_format.h"

#include <fmt/format.h>

#include <array>
#include <ctime>
#include <nlohmann/json.hpp>

namespace tend {
namespace {

struct BrokenDownTime {
  std::tm tm{};
  int millis = 0;
  long offset_seconds = 0;  // east of UTC
};

BrokenDownTime BreakDown(int64_t unix_ms, bool utc) {
  BrokenDownTime t;
  int64_t seconds = unix_ms / 1000;
  t.millis = static_cast<int>(unix_ms % 1000);
  if (t.millis < 0) {
    t.millis += 1000;
    --seconds;
  }
  const std::time_t when = static_cast<std::time_t>(seconds);
  if (utc) {
    gmtime_r(&when, &t.tm);
  } else {
    localtime_r(&when, &t.tm);
    t.offset_seconds = t.tm.tm_gmtoff;
  }
  return t;
}

void AppendOffset(long offset_seconds, bool colon, std::string* out) {
  const char sign = offset_seconds < 0 ? '-' : '+';
  const long magnitude = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  fmt::format_to(std::back_inserter(*out), colon ? "{}{:02}:{:02}" : "{}{:02}{:02}", sign,
                 magnitude / 3600, (magnitude % 3600) / 60);
}

// Appends the value of `token`; false if it is not a token.
bool AppendToken(std::string_view token, const BrokenDownTime& t, std::string* out) {
  auto put = [out](const char* spec, int value) {
    fmt::format_to(std::back_inserter(*out), spec, value);
  };
  const int hour12 = t.tm.tm_hour % 12 == 0 ? 12 : t.tm.tm_hour % 12;
  if (token == "YYYY")
    put("{:04}", t.tm.tm_year + 1900);
  else if (token == "YY")
    put("{:02}", (t.tm.tm_year + 1900) % 100);
  else if (token == "MM")
    put("{:02}", t.tm.tm_mon + 1);
  else if (token == "M")
    put("{}", t.tm.tm_mon + 1);
  else if (token == "DD")
    put("{:02}", t.tm.tm_mday);
  else if (token == "D")
    put("{}", t.tm.tm_mday);
  else if (token == "HH")
    put("{:02}", t.tm.tm_hour);
  else if (token == "H")
    put("{}", t.tm.tm_hour);
  else if (token == "hh")
    put("{:02}", hour12);
  else if (token == "h")
    put("{}", hour12);
  else if (token == "mm")
    put("{:02}", t.tm.tm_min);
  else if (token == "m")
    put("{}", t.tm.tm_min);
  else if (token == "ss")
    put("{:02}", t.tm.tm_sec);
  else if (token == "s")
    put("{}", t.tm.tm_sec);
  else if (token == "SSS")
    put("{:03}", t.millis);
  else if (token == "ZZ")
    AppendOffset(t.offset_seconds, false, out);
  else if (token == "Z")
    AppendOffset(t.offset_seconds, true, out);
  else if (token == "A")
    out->append(t.tm.tm_hour < 12 ? "AM" : "PM");
  else if (token == "a")
    out->append(t.tm.tm_hour < 12 ? "am" : "pm");
  else
    return false;
  return true;
}

// Longest first, so "YYYY" wins over "YY" and "SSS" is not read as "s".
constexpr std::array<std::string_view, 19> kTokens = {"YYYY", "SSS", "YY", "MM", "DD", "HH", "hh",
                                                      "mm",   "ss",  "ZZ", "M",  "D",  "H",  "h",
                                                      "m",    "s",   "Z",  "A",  "a"};

}  // namespace

std::string FormatDate(std::string_view format, int64_t unix_ms, bool utc) {
  const BrokenDownTime t = BreakDown(unix_ms, utc);
  std::string out;
  size_t i = 0;
  while (i < format.size()) {
    if (format[i] == '[') {  // dayjs escape: [text] is copied verbatim
      const size_t close = format.find(']', i + 1);
      if (close != std::string_view::npos) {
        out.append(format.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    bool matched = false;
    for (std::string_view token : kTokens) {
      if (format.substr(i, token.size()) == token && AppendToken(token, t, &out)) {
        i += token.size();
        matched = true;
        break;
      }
    }
    if (!matched) out.push_back(format[i++]);
  }
  return out;
}

namespace {

std::string JsonTimestamp(const LogFormat& format, int64_t unix_ms) {
  // PM2: the log_date_format when given, else Date.toISOString() (UTC).
  if (!format.date_format.empty()) return FormatDate(format.date_format, unix_ms);
  return FormatDate("YYYY-MM-DDTHH:mm:ss.SSS[Z]", unix_ms, /*utc=*/true);
}

void AppendJsonLine(const LogFormat& format, const LogLineRef& line, std::string* out) {
  nlohmann::ordered_json object;
  object["message"] = std::string(line.text);
  object["timestamp"] = JsonTimestamp(format, line.timestamp_ms);
  object["type"] = StreamName(line.stream);
  object["process_id"] = line.process_id;
  object["app_name"] = format.app_name;
  // Without error_handler_t::replace, dump() throws on invalid UTF-8.
  out->append(object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  out->push_back('\n');
}

// A flood puts thousands of lines in one millisecond: each (format, ms) is
// formatted once (FormatDate costs more than the rest of the line).
const std::string& CachedDate(std::string_view format, int64_t unix_ms) {
  struct Cache {
    std::string format;
    int64_t unix_ms = 0;
    std::string text;
    bool valid = false;
  };
  thread_local Cache cache;
  if (!cache.valid || cache.unix_ms != unix_ms || cache.format != format) {
    cache.text = FormatDate(format, unix_ms);
    cache.format = std::string(format);
    cache.unix_ms = unix_ms;
    cache.valid = true;
  }
  return cache.text;
}

}  // namespace

void AppendFormattedLine(const LogFormat& format, const LogLineRef& line, std::string* out) {
  if (format.json) {
    AppendJsonLine(format, line, out);
    return;
  }
  if ((format.time || !format.date_format.empty()) && !line.continuation) {
    const std::string_view date_format =
        format.date_format.empty() ? kIsoDateFormat : std::string_view(format.date_format);
    out->append(CachedDate(date_format, line.timestamp_ms));
    out->append(": ");
  }
  out->append(line.text);
  if (line.end != LineEnd::kCapped) out->push_back('\n');
}

}  // namespace tend

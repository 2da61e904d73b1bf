// CheckCronExpression (declared in option_values.h): syntax and ranges only; the
// scheduler that fires restarts is the daemon's.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

#include "config/control_chars.h"
#include "config/ecosystem/option_values.h"

namespace tend::ecosystem {
namespace {

// Far more than any expression needs (six fields of lists); bounds the parts a message names.
constexpr size_t kMaxCronBytes = 256;

struct CronField {
  const char* name;
  int min;
  int max;
  std::vector<std::string> names;  // names[i] means min + i (months, weekdays)
};

const std::array<CronField, 6>& CronFields() {
  static const std::array<CronField, 6> fields = {{
      {"second", 0, 59, {}},
      {"minute", 0, 59, {}},
      {"hour", 0, 23, {}},
      {"day of month", 1, 31, {}},
      {"month",
       1,
       12,
       {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
      {"day of week", 0, 7, {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
  }};
  return fields;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

// Digits only, at least one. Not strtol's end pointer: it stops at a NUL byte, which
// read "1\0x" as 1 and "\0" as 0.
bool AllDigits(const std::string& v) {
  return !v.empty() &&
         std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// One number or name of a field; an error message when it is not valid.
std::string CheckValue(const std::string& v, const CronField& field, int& out) {
  std::string lower;
  for (char c : v)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < field.names.size(); ++i) {
    if (lower == field.names[i]) {
      out = field.min + static_cast<int>(i);
      return "";
    }
  }
  if (!AllDigits(v)) return std::string(field.name) + " " + QuoteForMessage(v) + " is not a number";
  const long n = std::strtol(v.c_str(), nullptr, 10);  // past LONG_MAX: LONG_MAX, out of range
  if (n < field.min || n > field.max) {
    return std::string(field.name) + " " + v + " is out of range " + std::to_string(field.min) +
           "-" + std::to_string(field.max);
  }
  out = static_cast<int>(n);
  return "";
}

std::string CheckItem(const std::string& item, const CronField& field) {
  std::string range = item;
  const size_t slash = item.find('/');
  if (slash != std::string::npos) {
    range = item.substr(0, slash);
    const std::string step = item.substr(slash + 1);
    const long n = AllDigits(step) ? std::strtol(step.c_str(), nullptr, 10) : 0;
    if (n < 1 || n > field.max) {
      return std::string(field.name) + " step " + QuoteForMessage(step) + " is not valid";
    }
  }
  const std::string name = field.name;
  if (range == "*") return "";
  if (range == "?" && (name == "day of month" || name == "day of week")) return "";
  const size_t dash = range.find('-');
  int low = 0, high = 0;
  std::string err = CheckValue(range.substr(0, dash), field, low);
  if (!err.empty() || dash == std::string::npos) return err;
  err = CheckValue(range.substr(dash + 1), field, high);
  if (!err.empty()) return err;
  if (low > high) {
    return std::string(field.name) + " range " + QuoteForMessage(range) + " goes backwards";
  }
  return "";
}

}  // namespace

Status CheckCronExpression(std::string_view text) {
  // Quoted cut and escaped, as every value in a message: the text is the user's (or a
  // hostile file's), and a message must stay short and safe to print.
  const std::string quoted = QuoteForMessage(text, '"', 80) + " is not a cron expression: ";
  if (text.size() > kMaxCronBytes) {
    return Status::InvalidArgument(quoted + "longer than " + std::to_string(kMaxCronBytes) +
                                   " bytes");
  }
  static const char* const kNicknames[] = {"@yearly", "@annually", "@monthly", "@weekly",
                                           "@daily",  "@midnight", "@hourly"};
  for (const char* nick : kNicknames) {
    if (text == nick) return Status::Ok();
  }
  std::vector<std::string> parts;
  std::string word;
  for (char c : std::string(text) + " ") {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) parts.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (parts.size() != 5 && parts.size() != 6) {
    return Status::InvalidArgument(quoted +
                                   "it needs 5 fields (minute hour day month weekday) "
                                   "or 6 (seconds first), not " +
                                   std::to_string(parts.size()));
  }
  const size_t first = parts.size() == 6 ? 0 : 1;
  for (size_t i = 0; i < parts.size(); ++i) {
    for (const std::string& item : Split(parts[i], ',')) {
      const std::string err = CheckItem(item, CronFields()[first + i]);
      if (!err.empty()) return Status::InvalidArgument(quoted + err);
    }
  }
  return Status::Ok();
}

}  // namespace tend::ecosystem

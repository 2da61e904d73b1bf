#include "config/ecosystem/option_values.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "config/control_chars.h"

namespace tend::ecosystem {
namespace {

std::string Quote(std::string_view text) {
  return QuoteForMessage(text, '"', 80);
}

// A number with an optional unit, the unit mapped to a multiplier by `unit_scale`.
// RE2, not std::regex: std::regex recursed once per digit and overflowed the stack on
// a value of 100,000 digits.
template <typename Scale>
std::optional<int64_t> NumberWithUnit(std::string_view text, const RE2& pattern, Scale unit_scale) {
  std::string digits;
  std::string unit;
  if (!RE2::FullMatch(re2::StringPiece(text.data(), text.size()), pattern, &digits, &unit)) {
    return std::nullopt;
  }
  const double number = std::strtod(digits.c_str(), nullptr);
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const double value = number * unit_scale(unit);
  if (!std::isfinite(value) || value > 9.2e18) return std::nullopt;
  return static_cast<int64_t>(std::llround(value));
}

}  // namespace

Result<int64_t> ParseDurationMs(std::string_view text) {
  static const RE2 kPattern("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h|d)?\\s*");
  auto v = NumberWithUnit(text, kPattern, [](const std::string& unit) {
    if (unit == "s") return 1000.0;
    if (unit == "m") return 60000.0;
    if (unit == "h") return 3600000.0;
    if (unit == "d") return 86400000.0;
    return 1.0;
  });
  if (!v) {
    return Status::InvalidArgument(Quote(text) +
                                   " is not a duration (milliseconds, or a number with ms, s, "
                                   "m or h: \"500ms\", \"5s\")");
  }
  return *v;
}

Result<int64_t> ParseSizeBytes(std::string_view text) {
  static const RE2 kPattern("(?i)\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?)B?\\s*");
  auto v = NumberWithUnit(text, kPattern, [](const std::string& unit) {
    if (unit == "k") return 1024.0;
    if (unit == "m") return 1024.0 * 1024;
    if (unit == "g") return 1024.0 * 1024 * 1024;
    if (unit == "t") return 1024.0 * 1024 * 1024 * 1024;
    return 1.0;
  });
  if (!v) {
    return Status::InvalidArgument(Quote(text) +
                                   " is not a size (bytes, or a number with K, M or G: "
                                   "\"300M\", \"1G\")");
  }
  return *v;
}

Result<std::vector<std::string>> SplitShellWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\' && i + 1 < text.size()) {
      word += text[++i];
    } else if (c == '\'') {
      const size_t end = text.find('\'', i + 1);
      if (end == std::string_view::npos) {
        return Status::InvalidArgument(Quote(text) + " has an unterminated ' quote");
      }
      word += text.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            std::string_view("\"\\$`").find(text[j + 1]) != std::string_view::npos) {
          ++j;
        }
        word += text[j];
      }
      if (j >= text.size()) {
        return Status::InvalidArgument(Quote(text) + " has an unterminated \" quote");
      }
      i = j;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

Result<std::string> NormalizeSignalName(std::string_view text) {
  static const char* const kSignals[] = {
      "SIGHUP",    "SIGINT",  "SIGQUIT",  "SIGILL",  "SIGTRAP", "SIGABRT", "SIGBUS",  "SIGFPE",
      "SIGKILL",   "SIGUSR1", "SIGSEGV",  "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD",
      "SIGCONT",   "SIGSTOP", "SIGTSTP",  "SIGTTIN", "SIGTTOU", "SIGURG",  "SIGXCPU", "SIGXFSZ",
      "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",   "SIGPWR",  "SIGSYS"};
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper.rfind("SIG", 0) != 0) upper = "SIG" + upper;
  for (const char* name : kSignals) {
    if (upper == name) return upper;
  }
  return Status::InvalidArgument(Quote(text) + " is not a signal name (e.g. \"SIGTERM\")");
}

}  // namespace tend::ecosystem

#include "config/int_range.h"

#include <cerrno>
#include <cstdlib>

namespace tend {

std::string IntRange::ToString() const {
  return std::to_string(min) + ".." + std::to_string(max);
}

IntText ReadInt(std::string_view text, IntRange range) {
  const std::string s(text);
  if (s.empty()) return {IntText::Error::kNotInteger, 0};
  char* end = nullptr;
  errno = 0;
  const long long n = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str() || *end != '\0') return {IntText::Error::kNotInteger, 0};
  if (errno == ERANGE || !range.Contains(n)) return {IntText::Error::kOutOfRange, 0};
  return {IntText::Error::kNone, static_cast<int64_t>(n)};
}

std::string OutOfRangeMessage(std::string_view shown, IntRange range) {
  return std::string(shown) + " is out of range " + range.ToString();
}

}  // namespace tend

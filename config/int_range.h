#pragma once
// IntRange: the closed range of whole numbers an option or a flag accepts, and
// reading one from text. Text beyond int64 is out of range: it is never
// saturated (strtoll) or wrapped (a cast to int), and it never throws (stoi).

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace tend {

struct IntRange {
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();

  bool Contains(int64_t n) const { return n >= min && n <= max; }
  // "0..2147483647", as messages write it.
  std::string ToString() const;
};

inline constexpr int64_t kIntMax = std::numeric_limits<int>::max();

// The outcome of reading a whole number: the value, or why there is none. The
// cause is kept apart from any message so that each caller words its own.
struct IntText {
  enum class Error { kNone, kNotInteger, kOutOfRange };
  Error error = Error::kNone;
  int64_t value = 0;

  bool ok() const { return error == Error::kNone; }
};

// Base 10, an optional sign and leading blanks (as strtoll); nothing after the digits.
IntText ReadInt(std::string_view text, IntRange range);

// "<shown> is out of range <min>..<max>": the one wording of a range error.
std::string OutOfRangeMessage(std::string_view shown, IntRange range);

}  // namespace tend

#include "cli/format_units.h"

#include <fmt/format.h>

#include <cmath>

namespace tend::cli {

std::string FormatDuration(int64_t ms) {
  const int64_t seconds = ms > 0 ? ms / 1000 : 0;
  struct Unit {
    int64_t seconds;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {31536000, "Y"}, {2592000, "M"}, {86400, "D"}, {3600, "h"}, {60, "m"},
  };
  for (const auto& unit : kUnits) {
    const int64_t count = seconds / unit.seconds;
    if (count > 1) return fmt::format("{}{}", count, unit.suffix);
  }
  return fmt::format("{}s", seconds);
}

std::string FormatBytes(int64_t bytes) {
  if (bytes < 1024) return fmt::format("{}b", bytes > 0 ? bytes : 0);
  static constexpr const char* kSuffixes[] = {"kb", "mb", "gb", "tb"};
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kSuffixes)) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f}{}", value, kSuffixes[unit]);
}

std::string FormatCpu(double percent) {
  if (!(percent > 0.0)) return "0%";  // also catches NaN
  const double rounded = std::round(percent * 10.0) / 10.0;
  if (rounded == std::floor(rounded)) return fmt::format("{:.0f}%", rounded);
  return fmt::format("{:.1f}%", rounded);
}

}  // namespace tend::cli

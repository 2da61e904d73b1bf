#include "daemon/persist/settings_keys.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "config/control_chars.h"
#include "config/edit_distance.h"

namespace tend {
namespace {

using nlohmann::json;

constexpr int64_t kKiB = 1024;
constexpr int64_t kMiB = kKiB * 1024;
constexpr int64_t kGiB = kMiB * 1024;
constexpr int64_t kMaxByteSize = 1024 * kGiB;  // 1 TiB: anything larger is a typo

std::string Canonical(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '-') c = '_';
  }
  return out;
}

Status BadValue(const SettingKey& key, std::string_view want, std::string_view got) {
  return Status::InvalidArgument(std::string(key.name) + ": expected " + std::string(want) +
                                 ", got " + QuoteForMessage(got));
}

Result<json> ParseBool(const SettingKey& key, std::string_view text) {
  const std::string t = Canonical(text);
  if (t == "true" || t == "yes" || t == "on" || t == "1") return json(true);
  if (t == "false" || t == "no" || t == "off" || t == "0") return json(false);
  return BadValue(key, "true or false", text);
}

Result<json> ParseInt(const SettingKey& key, std::string_view text) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const std::string range =
      "an integer from " + std::to_string(key.min) + " to " + std::to_string(key.max);
  if (ec != std::errc() || end != text.data() + text.size() || n < key.min || n > key.max) {
    return BadValue(key, range, text);
  }
  return json(n);
}

std::string FormatByteSize(int64_t bytes) {
  if (bytes == 0) return "none";
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + "G";
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + "M";
  if (bytes % kKiB == 0) return std::to_string(bytes / kKiB) + "K";
  return std::to_string(bytes);
}

Result<json> ParseSize(const SettingKey& key, std::string_view text) {
  auto bytes = ParseByteSize(text);
  if (!bytes.ok()) return BadValue(key, "a size such as 10M, 512K, 1G or none", text);
  return json(FormatByteSize(*bytes));
}

Result<json> ParseChoice(const SettingKey& key, std::string_view text) {
  const std::string t = Canonical(text);
  for (std::string_view choice : key.choices) {
    if (t == choice || (choice == "none" && (t.empty() || t == "off"))) {
      return json(std::string(choice));
    }
  }
  std::string want = "one of";
  for (std::string_view choice : key.choices)
    want += " " + std::string(choice);
  return BadValue(key, want, text);
}

}  // namespace

const std::vector<SettingKey>& AllSettingKeys() {
  static const std::vector<SettingKey> keys = {
      {"autosave", SettingType::kBool, true,
       "save the process list to dump.json after every change, so a daemon crash or reboot "
       "restores it"},
      {"log_max_size", SettingType::kSize, "none",
       "default size at which an app's log file is rotated; none = never by size"},
      // 30 as pm2-logrotate's `retain`, so PM2 users keep the history they expect.
      {"log_retain", SettingType::kInt, 30, "default number of rotated log files kept per log", 1,
       10000},
      {"log_compress", SettingType::kBool, false, "gzip rotated log files by default"},
      {"log_rotate_interval",
       SettingType::kChoice,
       "none",
       "default time-based log rotation: none, hourly or daily",
       0,
       0,
       {"none", "hourly", "daily"}},
      {"metrics_interval_ms", SettingType::kInt, 1000,
       "how often the daemon samples cpu and memory of each process, in milliseconds", 100,
       3600000},
  };
  return keys;
}

const SettingKey* FindSettingKey(std::string_view name) {
  const std::string wanted = Canonical(name);
  for (const SettingKey& key : AllSettingKeys()) {
    if (key.name == wanted) return &key;
  }
  return nullptr;
}

Status UnknownSettingError(std::string_view name) {
  std::string wanted = Canonical(name);
  // PM2 module keys ("pm2-logrotate:max_size") are matched on the part after ':'.
  if (const size_t colon = wanted.rfind(':'); colon != std::string::npos) {
    wanted = wanted.substr(colon + 1);
  }
  std::vector<std::string> close;
  const size_t allowed = std::max<size_t>(2, wanted.size() / 4);
  for (const SettingKey& key : AllSettingKeys()) {
    const bool contains = wanted.size() >= 4 && key.name.find(wanted) != std::string_view::npos;
    // Bounded: names whose lengths are further apart are not compared at all (a client's
    // 8 MB key held the daemon 2 s).
    const int max = static_cast<int>(allowed);
    if (contains || EditDistanceAtMost(wanted, key.name, max) <= max) {
      close.emplace_back(key.name);
    }
  }
  // Quoted cut and escaped: the daemon answers a client's `set` and `get` with this.
  std::string msg = "unknown setting " + QuoteForMessage(name);
  if (!close.empty()) {
    msg += "; did you mean";
    for (size_t i = 0; i < close.size(); ++i)
      msg += (i == 0 ? " '" : " or '") + close[i] + "'";
    msg += "?";
  } else {
    msg += "; known settings:";
    for (const SettingKey& key : AllSettingKeys())
      msg += " " + std::string(key.name);
  }
  return Status::InvalidArgument(msg);
}

Result<json> ParseSettingText(const SettingKey& key, std::string_view text) {
  switch (key.type) {
    case SettingType::kBool:
      return ParseBool(key, text);
    case SettingType::kInt:
      return ParseInt(key, text);
    case SettingType::kSize:
      return ParseSize(key, text);
    case SettingType::kChoice:
      return ParseChoice(key, text);
  }
  return Status::Internal("unhandled setting type");
}

Result<json> ParseSettingJson(const SettingKey& key, const json& value) {
  if (value.is_string()) return ParseSettingText(key, value.get<std::string>());
  if (key.type == SettingType::kBool && value.is_boolean()) return value;
  if ((key.type == SettingType::kInt || key.type == SettingType::kSize) &&
      value.is_number_integer()) {
    return ParseSettingText(key, std::to_string(value.get<int64_t>()));
  }
  return BadValue(key, "a value of its type", value.dump());
}

std::string SettingValueText(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

Result<int64_t> ParseByteSize(std::string_view text) {
  const std::string t = Canonical(text);
  if (t == "none" || t == "0") return int64_t{0};
  size_t digits = 0;
  while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits])))
    ++digits;
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + digits, n);
  if (digits == 0 || ec != std::errc() || end != t.data() + digits) {
    return Status::InvalidArgument("not a size: '" + std::string(text) + "'");
  }
  const std::string unit = t.substr(digits);
  int64_t scale = 0;
  if (unit.empty() || unit == "b") scale = 1;
  if (unit == "k" || unit == "kb" || unit == "kib") scale = kKiB;
  if (unit == "m" || unit == "mb" || unit == "mib") scale = kMiB;
  if (unit == "g" || unit == "gb" || unit == "gib") scale = kGiB;
  if (scale == 0 || n > kMaxByteSize / scale) {
    return Status::InvalidArgument("not a size: '" + std::string(text) + "'");
  }
  return n * scale;
}

}  // namespace tend

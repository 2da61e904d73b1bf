#pragma once
// The table of daemon settings (`tend set KEY VALUE`, `tend get [KEY]`): each
// key's type, default and meaning in one place, with the parsing that validates
// and normalises a value. Pure: no files (settings_store.h persists them).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace tend {

enum class SettingType {
  kBool,    // true/false, yes/no, on/off, 1/0 -> JSON true/false
  kInt,     // decimal within [min, max] -> JSON number
  kSize,    // bytes with an optional K/M/G suffix (1024-based) or "none" -> "10M" / "none"
  kChoice,  // one of `choices`; "none" means unset -> JSON string
};

struct SettingKey {
  std::string_view name;
  SettingType type;
  // The default, as JSON (the same form a normalised value takes).
  nlohmann::json default_value;
  std::string_view description;
  int64_t min = 0;                             // kInt only
  int64_t max = 0;                             // kInt only
  std::vector<std::string_view> choices = {};  // kChoice only, "none" included when allowed
};

// Every known key, in the order `tend get` lists them.
const std::vector<SettingKey>& AllSettingKeys();

// The key named `name` (case-insensitive, '-' read as '_'), or nullptr.
const SettingKey* FindSettingKey(std::string_view name);

// InvalidArgument for an unknown key, with the closest known keys as suggestions.
Status UnknownSettingError(std::string_view name);

// Parses user text ("10m", "Yes") into the normalised JSON value ("10M", true).
Result<nlohmann::json> ParseSettingText(const SettingKey& key, std::string_view text);
// Validates a value read from settings.json (typed JSON or text) the same way.
Result<nlohmann::json> ParseSettingJson(const SettingKey& key, const nlohmann::json& value);
// The text `tend get` prints for a normalised value.
std::string SettingValueText(const nlohmann::json& value);

// "10M" -> 10485760; "none" or "0" -> 0. InvalidArgument on anything else.
Result<int64_t> ParseByteSize(std::string_view text);

}  // namespace tend

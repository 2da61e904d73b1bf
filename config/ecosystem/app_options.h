#pragma once
// How an ecosystem file's values are read into an AppSpec: the options and
// their aliases come from the app option table (config/app_option_table.h);
// this file holds one reader per value type, and the PM2 options tend knows
// but ignores.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/app_option_table.h"
#include "config/app_spec.h"
#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::ecosystem {

// `maxRestarts` -> `max_restarts`; keys already in snake_case are unchanged.
std::string SnakeCase(std::string_view key);

// The file option a (snake_case) key or alias names, or nullptr.
const AppOption* FindAppOption(std::string_view key);

// Checks `value` against the option's type and range and stores it; the error
// message names only the value (the caller adds file, line and key).
Status ApplyAppOption(const AppOption& option, const ConfigValue& value, AppSpec& spec);

// PM2 options tend accepts and ignores (vizion, watch_options, ...).
bool IsIgnoredPm2Option(std::string_view key);

// The closest option name or alias when the key looks like a typo of one.
std::optional<std::string> SuggestAppOption(std::string_view key);

// Option keys (AppSpec JSON keys) whose behaviour is not implemented yet: the
// rows marked NotActiveYet() in the table.
std::vector<std::string_view> OptionsNotActiveYet();

// An env value as the child will see it: strings as is, numbers as written,
// booleans as "true"/"false", null as "null" (as Node's spawn does).
Result<std::string> EnvValueString(const ConfigValue& value);

}  // namespace tend::ecosystem

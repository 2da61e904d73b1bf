#pragma once
// The table of app options an ecosystem file may set: PM2's name (which is also
// the AppSpec JSON key), its aliases, and how its value is checked and stored.
// Options tend knows but does not act on yet are listed once, in
// OptionsNotActiveYet(), so that list can shrink as features land.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/app_spec.h"
#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::ecosystem {

struct AppOption {
  std::string_view key;                   // PM2's name, snake_case
  std::vector<std::string_view> aliases;  // other PM2 spellings, snake_case
  // Checks the value and stores it; the error message names only the value
  // (the caller adds file, line and key).
  std::function<Status(const ConfigValue&, AppSpec&)> apply;
};

const std::vector<AppOption>& AppOptions();

// `maxRestarts` -> `max_restarts`; keys already in snake_case are unchanged.
std::string SnakeCase(std::string_view key);

// The option a (snake_case) key or alias names, or nullptr.
const AppOption* FindAppOption(std::string_view key);

// PM2 options tend accepts and ignores (vizion, watch_options, ...).
bool IsIgnoredPm2Option(std::string_view key);

// The closest option name or alias when the key looks like a typo of one.
std::optional<std::string> SuggestAppOption(std::string_view key);

// Option keys (AppSpec JSON keys) whose behaviour is not implemented yet.
const std::vector<std::string_view>& OptionsNotActiveYet();

// An env value as the child will see it: strings as is, numbers as written,
// booleans as "true"/"false", null as "null" (as Node's spawn does).
Result<std::string> EnvValueString(const ConfigValue& value);

}  // namespace tend::ecosystem

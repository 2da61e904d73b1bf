#pragma once
// Turns one app object of an ecosystem file into an AppSpec, PM2's way, and
// collects what is wrong with it as "file:line: key.path: message" strings
// (the line is left out for JavaScript configs, whose values have none).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/app_spec.h"
#include "config/ecosystem/config_value.h"

namespace tend::ecosystem {

struct Diagnostics {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};

struct AppReadContext {
  std::string source;    // how messages name the file (the path as given)
  std::string file_dir;  // absolute folder of the file: relative cwds start there
  std::string env_name;  // --env NAME: env_NAME overlays env; "" = none
  const std::map<std::string, std::string>* base_env = nullptr;  // the CLI's environment
};

// "file:12: apps[0].instances: " (or "file: apps[0].instances: " without a line).
std::string Where(const std::string& source, int line, const std::string& key_path);

// The spec, or nullopt when the app has errors (all of them added to `diag`).
// `env_name_found` is set when the app has an env_<env_name> block.
std::optional<AppSpec> ReadApp(const ConfigValue& app, const std::string& path,
                               const AppReadContext& ctx, Diagnostics& diag, bool& env_name_found);

}  // namespace tend::ecosystem

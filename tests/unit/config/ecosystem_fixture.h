#pragma once
// Loading fixtures under tests/fixtures/ with a context that names the fixture
// folder as the CLI's cwd, so messages show short relative paths.

#include <string>

#include "config/ecosystem/ecosystem.h"

namespace tend::testing {

inline std::string FixtureDir(const std::string& sub) {
  return std::string(TEND_SOURCE_DIR) + "/tests/fixtures/" + sub;
}

inline EcosystemOptions FixtureOptions(const std::string& sub) {
  EcosystemOptions options;
  options.context = CurrentResolveContext();
  options.context.cwd = FixtureDir(sub);
  options.context.env = {{"PATH", options.context.path_env}};
  return options;
}

inline bool HasWarning(const Ecosystem& eco, const std::string& text) {
  for (const auto& w : eco.warnings) {
    if (w == text) return true;
  }
  return false;
}

}  // namespace tend::testing

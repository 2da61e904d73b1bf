#pragma once
// Reads YAML (yaml-cpp 0.7) into a ConfigValue with 1-based lines, typing plain
// scalars as js-yaml (PM2's reader) does with its core schema: true/false, null
// and ~, integers, floats; quoted scalars stay strings. Duplicate keys are an
// error, as in js-yaml (yaml-cpp alone would keep one silently). `<<` merge keys
// are applied. A cycle of aliases, deep nesting or aliases that expand past a bound are
// errors (yaml_bounds.h), checked before the tree is built.

#include <string>
#include <string_view>

#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::ecosystem {

// Errors read "<source_name>:<line>: <what>".
Result<ConfigValue> ParseYaml(std::string_view text, const std::string& source_name);

}  // namespace tend::ecosystem

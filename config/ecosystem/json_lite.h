#pragma once
// Reads JSON the way PM2 does (it evaluates .json files as JavaScript literals):
// `//` and `/* */` comments, trailing commas, unquoted identifier keys,
// single-quoted strings, hex numbers and a leading '+' are accepted. Each value
// records its 1-based line. Duplicate keys are kept (see ConfigValue).

#include <string>
#include <string_view>

#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::ecosystem {

// Errors read "<source_name>:<line>: <what>", e.g. "app.json:3: expected ',' or '}'".
Result<ConfigValue> ParseJsonLite(std::string_view text, const std::string& source_name);

}  // namespace tend::ecosystem

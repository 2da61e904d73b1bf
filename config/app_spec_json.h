#pragma once
// AppSpec <-> JSON, the one serialisation used by the protocol and the dump.
// Byte strings (script, args, cwd, env) use the encoding of byte_string_json.h.
// FromJson is strict: a wrong type or an unknown key is an error naming the key.

#include <nlohmann/json.hpp>

#include "config/app_spec.h"
#include "config/status.h"

namespace tend {

nlohmann::json AppSpecToJson(const AppSpec& spec);
Result<AppSpec> AppSpecFromJson(const nlohmann::json& j);

}  // namespace tend

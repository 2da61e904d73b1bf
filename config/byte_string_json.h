#pragma once
// The wire encoding of byte strings that may not be UTF-8 (arguments, paths,
// environment, log lines). Valid UTF-8 travels as a JSON string; anything else
// as {"$bytes":"<base64>"}, so every byte survives and nlohmann's dump() never
// throws. See docs/protocol.md, "Byte strings".

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace tend {

bool IsValidUtf8(std::string_view s);

nlohmann::json BytesToJson(std::string_view bytes);
Result<std::string> BytesFromJson(const nlohmann::json& j, std::string_view field);

nlohmann::json BytesListToJson(const std::vector<std::string>& list);
Result<std::vector<std::string>> BytesListFromJson(const nlohmann::json& j, std::string_view field);

nlohmann::json BytesMapToJson(const std::map<std::string, std::string>& map);
Result<std::map<std::string, std::string>> BytesMapFromJson(const nlohmann::json& j,
                                                            std::string_view field);

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// dump() that never throws: invalid UTF-8 that slipped through is replaced (U+FFFD).
std::string SafeDump(const nlohmann::json& j, int indent = -1);

}  // namespace tend

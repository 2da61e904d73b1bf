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
// The UTF-8 sequence at s[i]: its length (1 to 4), with its code point in *cp, or 0 when
// the bytes there are not one (a stray continuation byte; a truncated, overlong or
// surrogate sequence; past U+10FFFF).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp);
// Ok for valid UTF-8, else InvalidArgument quoting `text` (QuoteForMessage). For values
// that travel as JSON strings rather than byte strings (text options: name, namespace,
// ...): their bad bytes would reach the daemon replaced by U+FFFD.
Status RequireUtf8Text(std::string_view text);

nlohmann::json BytesToJson(std::string_view bytes);
Result<std::string> BytesFromJson(const nlohmann::json& j, std::string_view field);

nlohmann::json BytesListToJson(const std::vector<std::string>& list);
Result<std::vector<std::string>> BytesListFromJson(const nlohmann::json& j, std::string_view field);

nlohmann::json BytesMapToJson(const std::map<std::string, std::string>& map);
Result<std::map<std::string, std::string>> BytesMapFromJson(const nlohmann::json& j,
                                                            std::string_view field);

std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// A copy of `bytes` with invalid UTF-8 written as "\xNN", and with control characters too
// when `escape_controls` (tab kept when `keep_tab`): text that is safe to show or to put in
// a JSON string.
std::string EscapeBytes(std::string_view bytes, bool escape_controls, bool keep_tab = false);

// dump() that never throws: invalid UTF-8 that slipped through is replaced (U+FFFD).
std::string SafeDump(const nlohmann::json& j, int indent = -1);

}  // namespace tend

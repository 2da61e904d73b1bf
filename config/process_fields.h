#pragma once
// Lenient readers for the daemon's process objects (the `list` answer), for whoever
// renders them (the CLI's tables, PM2's jlist shape): a view must show whatever arrives,
// so a missing or mistyped field yields the given fallback instead of an exception. Byte
// strings ({"$bytes":...}, see config/byte_string_json.h) are decoded.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tend {

// obj[key] when obj is an object holding key, else nullptr.
const nlohmann::json* FieldOf(const nlohmann::json& obj, std::string_view key);

int64_t IntField(const nlohmann::json& obj, std::string_view key, int64_t fallback = 0);
double NumberField(const nlohmann::json& obj, std::string_view key, double fallback = 0.0);
bool BoolField(const nlohmann::json& obj, std::string_view key, bool fallback = false);
// An integer, or nullopt when missing, null or not an integer.
std::optional<int64_t> OptionalIntField(const nlohmann::json& obj, std::string_view key);

// The raw bytes of a string or {"$bytes"} field; numbers and booleans are
// written as JSON; missing or null: `fallback`.
std::string BytesField(const nlohmann::json& obj, std::string_view key,
                       std::string_view fallback = "");
// A list of byte strings (args); a non-list yields an empty list.
std::vector<std::string> BytesListField(const nlohmann::json& obj, std::string_view key);

// The process's spec object, or an empty object.
const nlohmann::json& SpecOf(const nlohmann::json& process);
// The environment the child got (raw bytes): spec.env overlaid with the
// tend_env the daemon adds at spawn, in either wire form; {} on error.
std::map<std::string, std::string> EnvOf(const nlohmann::json& process);

}  // namespace tend

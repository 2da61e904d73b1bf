#pragma once
// Lenient readers for the daemon's process objects (the `list` answer). The
// renderers must show whatever arrives, so a missing or mistyped field yields
// the given fallback instead of an exception. Byte strings ({"$bytes":...},
// see config/byte_string_json.h) are decoded; *Text readers also escape them
// for display (EscapeForDisplay).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/process_status.h"

namespace tend::cli {

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
// BytesField made safe to print.
std::string TextField(const nlohmann::json& obj, std::string_view key,
                      std::string_view fallback = "");
// A list of byte strings (args); a non-list yields an empty list.
std::vector<std::string> BytesListField(const nlohmann::json& obj, std::string_view key);

// The sgr:: colour of a status (online green, stopped grey, errored red,
// launching cyan, waiting restart and stopping yellow); empty for others.
// The process's status, parsed from the wire name; nullopt for a name this CLI does not know.
std::optional<ProcessState> StatusOf(const nlohmann::json& process);
bool IsOnline(const nlohmann::json& process);
std::string_view StatusColor(std::string_view status);

// The process's spec object, or an empty object.
const nlohmann::json& SpecOf(const nlohmann::json& process);
// The environment the child got (raw bytes): spec.env overlaid with the
// tend_env the daemon adds at spawn, in either wire form; {} on error.
std::map<std::string, std::string> EnvOf(const nlohmann::json& process);

}  // namespace tend::cli

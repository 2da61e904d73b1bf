#pragma once
// The CLI's readers of the daemon's process objects: the lenient field readers of
// config/process_fields.h, plus what only a terminal needs (display-safe text, a
// status and its colour).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "config/process_fields.h"
#include "config/process_status.h"

namespace tend::cli {

// BytesField made safe to print (EscapeForDisplay).
std::string TextField(const nlohmann::json& obj, std::string_view key,
                      std::string_view fallback = "");

// The process's status, parsed from the wire name; nullopt for a name this CLI does not know.
std::optional<ProcessState> StatusOf(const nlohmann::json& process);
bool IsOnline(const nlohmann::json& process);
// The sgr:: colour of a status (online green, stopped grey, errored red,
// launching cyan, waiting restart and stopping yellow); empty for others.
std::string_view StatusColor(std::string_view status);

}  // namespace tend::cli

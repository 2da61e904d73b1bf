#pragma once
// `tend describe <target>` and `tend env <target>`: every fact about one
// process. Environment values are secrets: describe lists only the keys; env
// prints KEY=VALUE on request.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/terminal.h"

namespace tend::cli {

// A header ("Describing process with id 0 - name api"), a key/value table
// (status, name, namespace, restarts, ... treekill; absent facts read "N/A"),
// then the sorted environment keys. On a terminal the table is boxed when it
// fits and borderless otherwise; values are never truncated. Times are local
// ISO 8601. Bytes that are not printable UTF-8 show as \xNN. Never throws.
std::string RenderDescribe(const nlohmann::json& process, const TerminalInfo& term, int64_t now_ms);

// The environment as KEY=VALUE lines sorted by key, bytes that are not
// printable UTF-8 (newlines included) written as \xNN so each variable stays on
// one line.
std::string RenderEnv(const nlohmann::json& process);

}  // namespace tend::cli

#pragma once
// A managed process's status as both sides of the socket know it: the daemon's state
// table (daemon/supervise/process_state.h) moves between these, and the CLI reads them
// back from `list` to colour and compute. The names are PM2's (jlist's pm2_env.status).

#include <cstddef>
#include <optional>
#include <string_view>

namespace tend {

enum class ProcessState { kLaunching, kOnline, kStopping, kStopped, kWaitingRestart, kErrored };
inline constexpr size_t kProcessStateCount = 6;

// The wire name ("online", "waiting restart", ...).
std::string_view StateName(ProcessState state);
// Inverse of StateName, for the dump and the CLI; nullopt for an unknown name.
std::optional<ProcessState> StateFromName(std::string_view name);

}  // namespace tend

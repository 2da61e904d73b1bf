#include "daemon/supervise/process_state.h"

#include <array>

namespace tend {
namespace {

using S = ProcessState;
using E = ProcessEvent;

struct Transition {
  S from;
  E event;
  S to;
};

// Every legal transition. Reading down the table is reading the lifecycle.
constexpr Transition kTransitions[] = {
    {S::kStopped, E::kStart, S::kLaunching},
    {S::kErrored, E::kStart, S::kLaunching},
    {S::kWaitingRestart, E::kStart, S::kLaunching},
    {S::kLaunching, E::kSpawned, S::kOnline},
    {S::kLaunching, E::kReady, S::kOnline},
    {S::kLaunching, E::kReadyTimeout, S::kOnline},
    {S::kOnline, E::kReady, S::kOnline},
    {S::kLaunching, E::kSpawnFailed, S::kErrored},
    {S::kLaunching, E::kStop, S::kStopping},
    {S::kOnline, E::kStop, S::kStopping},
    {S::kStopping, E::kStop, S::kStopping},
    {S::kWaitingRestart, E::kStop, S::kStopped},
    {S::kStopped, E::kStop, S::kStopped},
    {S::kErrored, E::kStop, S::kStopped},
    {S::kLaunching, E::kExitRestart, S::kWaitingRestart},
    {S::kOnline, E::kExitRestart, S::kWaitingRestart},
    {S::kLaunching, E::kExitStopped, S::kStopped},
    {S::kOnline, E::kExitStopped, S::kStopped},
    {S::kLaunching, E::kExitErrored, S::kErrored},
    {S::kOnline, E::kExitErrored, S::kErrored},
    {S::kStopping, E::kExitAfterStop, S::kStopped},
    {S::kWaitingRestart, E::kRestartDue, S::kLaunching},
};

constexpr std::array<std::string_view, 6> kStateNames = {"launching", "online",          "stopping",
                                                         "stopped",   "waiting restart", "errored"};

}  // namespace

std::string_view StateName(ProcessState state) {
  return kStateNames[static_cast<size_t>(state)];
}

std::string_view EventName(ProcessEvent event) {
  switch (event) {
    case E::kStart:
      return "start";
    case E::kSpawned:
      return "spawned";
    case E::kReady:
      return "ready";
    case E::kReadyTimeout:
      return "ready timeout";
    case E::kSpawnFailed:
      return "spawn failed";
    case E::kStop:
      return "stop";
    case E::kExitRestart:
      return "exit (restart)";
    case E::kExitStopped:
      return "exit (stay stopped)";
    case E::kExitErrored:
      return "exit (give up)";
    case E::kExitAfterStop:
      return "exit after stop";
    case E::kRestartDue:
      return "restart due";
  }
  return "?";
}

std::optional<ProcessState> StateFromName(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<ProcessState>(i);
  }
  return std::nullopt;
}

std::optional<ProcessState> NextState(ProcessState from, ProcessEvent event) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.event == event) return t.to;
  }
  return std::nullopt;
}

bool HasChild(ProcessState state) {
  return state == S::kLaunching || state == S::kOnline || state == S::kStopping;
}

}  // namespace tend

#include "daemon/supervise/process_state.h"

#include <array>
#include <string>

namespace tend {
namespace {

using S = ProcessState;
using E = ProcessEvent;

struct Transition {
  S from;
  E event;
  S to;
  ProcessActions actions;
};

constexpr ProcessActions kStopChild = kCancelReadyTimer | kAskToStop | kArmKillTimer;
constexpr ProcessActions kUnexpectedExit = kEndOldGroup | kDecideRestart;

// Every legal transition. Reading down the table is reading the lifecycle.
constexpr Transition kTransitions[] = {
    {S::kStopped, E::kStart, S::kLaunching, kSpawn},
    {S::kErrored, E::kStart, S::kLaunching, kSpawn},
    {S::kWaitingRestart, E::kStart, S::kLaunching, kCancelRestartTimer | kSpawn},
    {S::kLaunching, E::kSpawned, S::kOnline, kNoAction},
    {S::kLaunching, E::kReady, S::kOnline, kCancelReadyTimer},
    {S::kLaunching, E::kReadyTimeout, S::kOnline, kNoAction},
    {S::kOnline, E::kReady, S::kOnline, kNoAction},
    {S::kStopping, E::kReady, S::kStopping, kNoAction},
    {S::kLaunching, E::kSpawnFailed, S::kErrored, kNoAction},
    {S::kLaunching, E::kStop, S::kStopping, kStopChild},
    {S::kOnline, E::kStop, S::kStopping, kStopChild},
    {S::kStopping, E::kStop, S::kStopping, kNoAction},
    {S::kWaitingRestart, E::kStop, S::kStopped, kCancelRestartTimer | kNotifyStopWaiters},
    {S::kStopped, E::kStop, S::kStopped, kNotifyStopWaiters},
    {S::kErrored, E::kStop, S::kStopped, kNotifyStopWaiters},
    {S::kStopping, E::kKillTimeout, S::kStopping, kKillGroup},
    {S::kLaunching, E::kExited, S::kLaunching, kUnexpectedExit},
    {S::kOnline, E::kExited, S::kOnline, kUnexpectedExit},
    {S::kStopping, E::kExited, S::kStopping, kAwaitGroup},
    {S::kLaunching, E::kExitRestart, S::kWaitingRestart, kCountRestart | kArmRestartTimer},
    {S::kOnline, E::kExitRestart, S::kWaitingRestart, kCountRestart | kArmRestartTimer},
    {S::kLaunching, E::kExitStopped, S::kStopped, kNoAction},
    {S::kOnline, E::kExitStopped, S::kStopped, kNoAction},
    {S::kLaunching, E::kExitErrored, S::kErrored, kRecordGiveUp},
    {S::kOnline, E::kExitErrored, S::kErrored, kRecordGiveUp},
    {S::kStopping, E::kExitAfterStop, S::kStopped, kCancelKillTimer | kNotifyStopWaiters},
    {S::kWaitingRestart, E::kRestartDue, S::kLaunching, kSpawn},
    {S::kStopped, E::kAdopted, S::kOnline, kNoAction},
};

constexpr std::string_view kActionNames[] = {
    "cancel ready timer",  "cancel restart timer",
    "ask to stop",         "arm kill timer",
    "kill group",          "await group",
    "end old group",       "decide restart",
    "record give-up",      "count restart",
    "arm restart timer",   "cancel kill timer",
    "notify stop waiters", "spawn",
};

}  // namespace

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
    case E::kKillTimeout:
      return "kill timeout";
    case E::kExited:
      return "exited";
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
    case E::kAdopted:
      return "adopted";
  }
  return "?";
}

std::string ActionNames(ProcessActions actions) {
  std::string names;
  for (size_t bit = 0; bit < std::size(kActionNames); ++bit) {
    if ((actions & (1u << bit)) == 0) continue;
    if (!names.empty()) names += ", ";
    names += kActionNames[bit];
  }
  return names;
}

std::optional<ProcessStep> NextStep(ProcessState from, ProcessEvent event) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.event == event) return ProcessStep{t.to, t.actions};
  }
  return std::nullopt;
}

std::optional<ProcessState> NextState(ProcessState from, ProcessEvent event) {
  const auto step = NextStep(from, event);
  if (!step) return std::nullopt;
  return step->to;
}

bool HasChild(ProcessState state) {
  return state == S::kLaunching || state == S::kOnline || state == S::kStopping;
}

bool MeantToRun(ProcessState state) {
  return HasChild(state) || state == S::kWaitingRestart;
}

}  // namespace tend

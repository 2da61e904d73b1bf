#pragma once
// The supervision state machine of one managed process, as a table:
// (state, event) -> next state and the actions to take. Pure; the only place a
// status changes is ManagedProcess::Apply, which consults this table, logs every
// transition and performs its actions. A pair absent from the table is illegal:
// a bug to log, never a silent write. The predicates on states live here too.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/process_status.h"

namespace tend {

enum class ProcessEvent {
  kStart,          // the user asked for it to run
  kSpawned,        // the child exists and needs no readiness signal
  kReady,          // the child said it is ready (wait_ready)
  kReadyTimeout,   // wait_ready, and listen_timeout passed without READY=1
  kSpawnFailed,    // exec failed: missing file, not executable, bad cwd
  kStop,           // the user asked for it to stop
  kKillTimeout,    // kill_timeout passed since the stop signal
  kExited,         // its child exited (what follows depends on the state: see the table)
  kExitRestart,    // it exited by itself and the policy restarts it
  kExitStopped,    // it exited by itself and stays down (autorestart off, stop_exit_codes)
  kExitErrored,    // it exited by itself and the policy gave up (max_restarts)
  kExitAfterStop,  // it exited after we asked it to stop, and its group is empty
  kRestartDue,     // the restart delay elapsed
  kAdopted,        // a previous daemon's child, still running, is supervised again
};
// The number of events; the last one is kAdopted.
inline constexpr size_t kProcessEventCount = static_cast<size_t>(ProcessEvent::kAdopted) + 1;

// What a transition does besides changing the state, as bits; ManagedProcess performs
// them in this order, after the state is written.
enum ProcessAction : uint32_t {
  kNoAction = 0,
  kCancelReadyTimer = 1u << 0,    // readiness settled one way or another
  kCancelRestartTimer = 1u << 1,  // a pending restart is overtaken
  kAskToStop = 1u << 2,           // 'shutdown' message or the stop signal, to child or group
  kArmKillTimer = 1u << 3,        // SIGKILL the group if it is still there after kill_timeout
  kKillGroup = 1u << 4,           // SIGKILL the group (and the child)
  kAwaitGroup = 1u << 5,          // the child is gone: wait for its group, then kExitAfterStop
  kEndOldGroup = 1u << 6,         // an unexpected exit: SIGKILL what is left (treekill)
  kDecideRestart = 1u << 7,       // ask the restart policy, which emits kExit{Restart,...}
  kRecordGiveUp = 1u << 8,        // last_error: exited too quickly max_restarts times
  kCountRestart = 1u << 9,        // restart_time + 1
  kArmRestartTimer = 1u << 10,    // kRestartDue after the policy's delay (at once if none)
  kCancelKillTimer = 1u << 11,    // the stop is over
  kNotifyStopWaiters = 1u << 12,  // every Stop() caller, once
  kSpawn = 1u << 13,              // run the child (kSpawned, kSpawnFailed or readiness follow)
};
using ProcessActions = uint32_t;

struct ProcessStep {
  ProcessState to;
  ProcessActions actions;
};

std::string_view EventName(ProcessEvent event);
// The names of the bits set in `actions`, ", "-separated ("" for none).
std::string ActionNames(ProcessActions actions);

// The next state and its actions, or nullopt when the event is illegal in `from`.
// A step to the same state changes nothing users see: it is not logged or announced.
std::optional<ProcessStep> NextStep(ProcessState from, ProcessEvent event);
std::optional<ProcessState> NextState(ProcessState from, ProcessEvent event);

// True while a child process may exist (it must be stopped before delete or exit).
bool HasChild(ProcessState state);
// True while tend means it to run: a child may exist or a restart is pending. What
// resurrect starts again and what `start` of a running app leaves alone.
bool MeantToRun(ProcessState state);

}  // namespace tend

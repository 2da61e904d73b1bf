#pragma once
// The supervision state machine of one managed process, as a table:
// (state, event) -> next state. Pure; the only place a status changes is
// ManagedProcess::Apply, which consults this table and logs every transition.
// A pair absent from the table is illegal: a bug to log, never a silent write.

#include <optional>
#include <string_view>

namespace tend {

// PM2's status names (jlist's pm2_env.status).
enum class ProcessState { kLaunching, kOnline, kStopping, kStopped, kWaitingRestart, kErrored };

enum class ProcessEvent {
  kStart,          // the user asked for it to run
  kSpawned,        // the child exists and needs no readiness signal
  kReady,          // the child said it is ready (wait_ready)
  kReadyTimeout,   // wait_ready, and listen_timeout passed without READY=1
  kSpawnFailed,    // exec failed: missing file, not executable, bad cwd
  kStop,           // the user asked for it to stop
  kExitRestart,    // it exited by itself and the policy restarts it
  kExitStopped,    // it exited by itself and stays down (autorestart off, stop_exit_codes)
  kExitErrored,    // it exited by itself and the policy gave up (max_restarts)
  kExitAfterStop,  // it exited after we asked it to stop
  kRestartDue,     // the restart delay elapsed
};

std::string_view StateName(ProcessState state);
std::string_view EventName(ProcessEvent event);
// Inverse of StateName, for the dump; nullopt for an unknown name.
std::optional<ProcessState> StateFromName(std::string_view name);

// The next state, or nullopt when the event is illegal in `from`.
std::optional<ProcessState> NextState(ProcessState from, ProcessEvent event);

// True while a child process may exist (it must be stopped before delete or exit).
bool HasChild(ProcessState state);

}  // namespace tend

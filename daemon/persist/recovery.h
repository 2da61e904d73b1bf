#pragma once
// Recovery: a new daemon picks up where a crashed one left off. The crashed daemon's
// live state (run/state.json, written at every change of what is meant to run) says
// which processes exist and which should run; /proc says which of its children still run
// (their environment names home, pm_id and instance); the fd holder gives back their
// output pipes. A child still running with its pipes is adopted (never started twice);
// any other child of the home is stopped; what should run and does not is started again.

#include <optional>
#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/os/fd_keeper.h"
#include "daemon/persist/dump_format.h"
#include "daemon/persist/home_orphans.h"

namespace tend {

class ProcessTable;

struct RecoveryOutcome {
  int adopted = 0;           // still running, supervised again, their pipes read on
  int restarted = 0;         // meant to run but gone (or without their pipes): started again
  int stopped = 0;           // processes kept as stopped or errored, as they were
  int strays_stopped = 0;    // children of the home nothing may adopt, stopped first
  int64_t unread_bytes = 0;  // output left in the pipes of runs that ended meanwhile: lost
  std::vector<std::string> failures;  // "api (id 0): ..."
  // One line for the daemon log and the user's next command.
  std::string Summary() const;
};

// This boot's id (/proc/sys/kernel/random/boot_id); "" when unreadable.
std::string CurrentBootId();

// The live state a crashed daemon of this boot left at `state_path` (or its .bak); none
// when there is none, when it was written in an earlier boot (a reboot is not a crash:
// `tendd --resurrect` and the dump are for that), or when it cannot be read (logged).
std::optional<Dump> LoadCrashState(const std::string& state_path);

// Rebuilds the table from `state`: adopts each process that is meant to run and whose
// child is among `live` with its pipes among `held`; stops the other `live` children
// (as survivor_reaper does); starts what is meant to run and was not adopted. Every
// descriptor of `held` is used or closed; what is not used is released from `keeper`.
RecoveryOutcome Recover(ProcessTable& table, const Dump& state, const std::vector<LiveChild>& live,
                        std::vector<HeldFds> held, FdKeeper* keeper);

}  // namespace tend

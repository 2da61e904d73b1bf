#pragma once
// Bringing back a dump: every process with its id, name, spec and counters;
// those that were running are started, stopped ones come back stopped. An app
// whose name is already in the table is skipped (PM2 skips running ones), so nothing runs twice.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/persist/dump_format.h"

namespace tend {

class ProcessTable;

struct ResurrectOutcome {
  std::vector<int> ids;               // processes restored
  std::vector<std::string> skipped;   // names already running
  std::vector<std::string> failures;  // "api (id 0): cannot start ..."
};

ResurrectOutcome Resurrect(ProcessTable& table, const Dump& dump);

// At daemon start, before any child is started: stop what a crashed daemon
// left running (pids whose start time still matches the dump, and children of
// this home the dump does not name), so resurrect never runs anything twice.
// Returns the warnings of loading the dump, for the user's next resurrect.
std::vector<std::string> StopPreviousSurvivors(const std::string& dump_path,
                                               const std::string& home_root);

}  // namespace tend

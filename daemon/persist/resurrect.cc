#include "daemon/persist/resurrect.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "daemon/os/proc_stat.h"
#include "daemon/persist/dump_store.h"
#include "daemon/persist/home_orphans.h"
#include "daemon/persist/survivor_reaper.h"
#include "daemon/supervise/process_state.h"
#include "daemon/supervise/process_table.h"

namespace tend {
namespace {

// The dump keeps the status by name; an unknown name was not running.
bool WasRunning(const std::string& status) {
  const auto state = StateFromName(status);
  return state && MeantToRun(*state);
}

// PM2 skips names already running; a stopped app of that name is skipped too,
// since adding it again would make two apps of one name. Taken before any is
// restored, so an app's later instances are not mistaken for duplicates.
std::set<std::string> KnownNames(ProcessTable& table) {
  std::set<std::string> names;
  for (auto* p : table.All())
    names.insert(p->spec().name);
  return names;
}

}  // namespace

ResurrectOutcome Resurrect(ProcessTable& table, const Dump& dump) {
  ResurrectOutcome out;
  const std::set<std::string> known = KnownNames(table);
  for (const auto& d : dump.processes) {
    if (known.count(d.spec.name) != 0) {
      if (std::find(out.skipped.begin(), out.skipped.end(), d.spec.name) == out.skipped.end()) {
        out.skipped.push_back(d.spec.name);
      }
      continue;
    }
    const int id = table.Find(d.pm_id) == nullptr ? d.pm_id : table.next_id();
    auto& proc = table.AddWithId(id, d.spec, d.instance);
    proc.RestoreCounters(d.restarts, d.created_at_ms);
    out.ids.push_back(id);
    if (!WasRunning(d.status)) continue;
    if (Status s = proc.Start(); !s.ok()) {
      out.failures.push_back(d.spec.name + " (id " + std::to_string(id) + "): " + s.message());
    }
  }
  table.set_next_id(dump.next_id);
  return out;
}

std::vector<std::string> StopPreviousSurvivors(const std::string& dump_path,
                                               const std::string& home_root) {
  std::vector<SurvivorRecord> records;
  std::vector<std::string> warnings;
  // LoadDump moves a corrupt dump.json aside now, before any save could make it the .bak.
  auto loaded = LoadDump(dump_path);
  if (loaded.ok()) {
    warnings = loaded->warnings;
    for (const auto& w : loaded->warnings)
      spdlog::warn("{}", w);
    records = SurvivorRecordsOf(loaded->dump);
  } else if (loaded.status().code() != Code::kNotFound) {
    spdlog::warn("reading {}: {}", dump_path, loaded.status().message());
    warnings.push_back(loaded.status().message());
  }
  // The dump misses a child started after its last save (a crash before the
  // save landed, or autosave off): the environment still names it.
  std::set<pid_t> known;
  for (const auto& r : records)
    known.insert(r.pid);
  for (const auto& r : FindChildrenOfHome(kProcRoot, home_root)) {
    if (known.insert(r.pid).second) records.push_back(r);
  }
  auto stopped = StopSurvivors(records, std::chrono::seconds(5));
  if (!stopped.ok()) {
    spdlog::error("stopping the previous daemon's processes: {}", stopped.status().message());
  } else if (*stopped > 0) {
    spdlog::warn("stopped {} process(es) left running by a previous daemon", *stopped);
  }
  return warnings;
}

}  // namespace tend

#include "daemon/persist/recovery.h"

#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <set>

#include "daemon/os/proc_file.h"
#include "daemon/os/proc_stat.h"
#include "daemon/persist/dump_store.h"
#include "daemon/persist/survivor_reaper.h"
#include "daemon/supervise/process_state.h"
#include "daemon/supervise/process_table.h"

namespace tend {
namespace {

constexpr std::chrono::milliseconds kStrayStopTimeout{5000};

// The boot's start in Unix ms (/proc/stat btime), for the start time of adopted pids.
int64_t BootTimeMs() {
  std::string text;
  if (!ReadProcFile(std::string(kProcRoot) + "/stat", text).ok()) return 0;
  const auto at = text.find("\nbtime ");
  return at == std::string::npos ? 0 : std::atoll(text.c_str() + at + 7) * 1000;
}

struct Adoptable {
  LiveChild child;
  std::array<int, 2> fds = {-1, -1};
};

// The pipes of a run that ended while no daemon ran: what is left in them goes to the
// logs of the process it belongs to.
struct EndedRun {
  int pm_id = -1;
  std::string key;
  std::array<int, 2> fds = {-1, -1};
};

void CloseAndRelease(const std::string& key, const std::vector<int>& fds, FdKeeper* keeper,
                     int64_t* unread_bytes) {
  for (int fd : fds) {
    int bytes = 0;
    if (::ioctl(fd, FIONREAD, &bytes) == 0 && bytes > 0) *unread_bytes += bytes;
    ::close(fd);
  }
  if (keeper != nullptr) keeper->Release(key);
}

// The held pipes whose pid is a live child with the same pm_id and instance, by pm_id.
// Every other held entry is closed and released; its unread bytes are counted.
std::map<int, Adoptable> MatchHeldToLive(const std::vector<LiveChild>& live,
                                         std::vector<HeldFds>& held, FdKeeper* keeper,
                                         std::vector<EndedRun>* ended, int64_t* unread_bytes) {
  std::map<pid_t, LiveChild> by_pid;
  for (const auto& c : live)
    by_pid[c.pid] = c;
  std::map<int, Adoptable> adoptable;
  for (auto& h : held) {
    int pm_id = -1, instance = -1, pid = 0;
    const bool parsed = ParseOutputKey(h.key, &pm_id, &instance, &pid);
    auto it = by_pid.find(pid);
    if (parsed && h.fds.size() == 2 && it != by_pid.end() && it->second.pm_id == pm_id &&
        it->second.instance == instance && adoptable.count(pm_id) == 0) {
      adoptable[pm_id] = {it->second, {h.fds[0], h.fds[1]}};
      continue;
    }
    if (parsed && h.fds.size() == 2 && it == by_pid.end()) {
      ended->push_back({pm_id, h.key, {h.fds[0], h.fds[1]}});
      continue;
    }
    CloseAndRelease(h.key, h.fds, keeper, unread_bytes);
  }
  held.clear();
  return adoptable;
}

bool MeantToRun(const DumpedProcess& d) {
  const auto state = StateFromName(d.status);
  return state && MeantToRun(*state);
}

}  // namespace

std::string RecoveryOutcome::Summary() const {
  std::string s = "recovered from a crash of the previous daemon: " + std::to_string(adopted) +
                  " process(es) adopted running, " + std::to_string(restarted) +
                  " started again, " + std::to_string(stopped) + " left stopped";
  if (strays_stopped > 0) s += ", " + std::to_string(strays_stopped) + " stray(s) stopped";
  if (unread_bytes > 0) {
    s += "; " + std::to_string(unread_bytes) + " byte(s) of output of ended runs lost";
  }
  if (!failures.empty()) s += "; " + std::to_string(failures.size()) + " failed to start";
  return s;
}

std::string CurrentBootId() {
  std::string id;
  if (!ReadProcFile(std::string(kProcRoot) + "/sys/kernel/random/boot_id", id).ok()) return "";
  while (!id.empty() && (id.back() == '\n' || id.back() == ' '))
    id.pop_back();
  return id;
}

std::optional<Dump> LoadCrashState(const std::string& state_path) {
  auto loaded = LoadDump(state_path);
  if (!loaded.ok()) {
    if (loaded.status().code() != Code::kNotFound) {
      spdlog::error("the previous daemon's state is unusable: {}", loaded.status().message());
    }
    return std::nullopt;
  }
  for (const auto& w : loaded->warnings)
    spdlog::warn("{}", w);
  const std::string boot = CurrentBootId();
  if (boot.empty() || loaded->dump.boot_id != boot) {
    spdlog::info("{} is from an earlier boot: not a crash; nothing recovered", state_path);
    return std::nullopt;
  }
  return std::move(loaded->dump);
}

namespace {

// Adoptable children of processes not meant to run are not adopted: they join the strays.
void DropUnwanted(std::map<int, Adoptable>& adoptable, const std::set<int>& meant,
                  FdKeeper* keeper) {
  for (auto it = adoptable.begin(); it != adoptable.end();) {
    if (meant.count(it->first) != 0) {
      ++it;
      continue;
    }
    for (int fd : it->second.fds)
      ::close(fd);
    if (keeper != nullptr) {
      keeper->Release(OutputKey(it->first, it->second.child.instance, it->second.child.pid));
    }
    it = adoptable.erase(it);
  }
}

// Stops every live child that will not be adopted, before anything starts: nothing
// runs twice. A process that left an adopted run's group (setsid) is of that run: it stays.
void StopStrays(const std::vector<LiveChild>& live, const std::map<int, Adoptable>& adoptable,
                RecoveryOutcome& out) {
  std::vector<SurvivorRecord> strays;
  for (const auto& c : live)
    if (adoptable.count(c.pm_id) == 0) strays.push_back({c.pid, c.pid, c.start_time_ticks});
  if (strays.empty()) return;
  auto stopped = StopSurvivors(strays, kStrayStopTimeout);
  out.strays_stopped = stopped.ok() ? *stopped : 0;
  if (!stopped.ok()) out.failures.push_back(stopped.status().message());
}

// What ended runs of `pm_id` left in their pipes is read into its logs, before its next run.
void DrainEndedRuns(ManagedProcess& proc, int pm_id, std::vector<EndedRun>& ended,
                    FdKeeper* keeper) {
  for (auto& e : ended) {
    if (e.pm_id != pm_id) continue;
    if (keeper != nullptr) keeper->Release(e.key);  // read to its end by us, or lost with us
    if (Status s = proc.DrainEndedRun(e.fds); !s.ok()) {
      spdlog::warn("pm_id {}: cannot read what an ended run left: {}", pm_id, s.message());
    }
    e.pm_id = -1;  // taken
  }
}

// Adopts `found`'s child, with the processes of its app in `live` that left its group;
// false when it cannot be (then it is stopped).
bool TryAdopt(ManagedProcess& proc, const Adoptable& found, const std::vector<LiveChild>& live,
              const std::string& label) {
  const auto& c = found.child;
  static const int64_t boot_ms = BootTimeMs();
  const auto ticks = static_cast<int64_t>(ClockTicksPerSecond());
  AdoptedRun run{
      c.pid, boot_ms + static_cast<int64_t>(c.start_time_ticks) * 1000 / ticks, found.fds, {}};
  for (const auto& other : live)
    if (other.pm_id == c.pm_id && other.pid != c.pid) run.outside_group.push_back(other.pid);
  Status s = proc.Adopt(run);
  if (s.ok()) return true;
  spdlog::warn("{}: cannot adopt pid {}: {}", label, c.pid, s.message());
  (void)StopSurvivors({{c.pid, c.pid, c.start_time_ticks}}, kStrayStopTimeout);
  return false;
}

}  // namespace

RecoveryOutcome Recover(ProcessTable& table, const Dump& state, const std::vector<LiveChild>& live,
                        std::vector<HeldFds> held, FdKeeper* keeper) {
  RecoveryOutcome out;
  std::vector<EndedRun> ended;
  auto adoptable = MatchHeldToLive(live, held, keeper, &ended, &out.unread_bytes);
  std::set<int> meant;
  for (const auto& d : state.processes)
    if (MeantToRun(d)) meant.insert(d.pm_id);
  DropUnwanted(adoptable, meant, keeper);
  StopStrays(live, adoptable, out);
  for (const auto& d : state.processes) {
    auto& proc = table.AddWithId(d.pm_id, d.spec, d.instance);
    proc.RestoreCounters(d.restarts, d.created_at_ms);
    const std::string label = d.spec.name + " (id " + std::to_string(d.pm_id) + ")";
    DrainEndedRuns(proc, d.pm_id, ended, keeper);
    if (meant.count(d.pm_id) == 0) {
      ++out.stopped;
      continue;
    }
    auto found = adoptable.find(d.pm_id);
    if (found != adoptable.end() && TryAdopt(proc, found->second, live, label)) {
      ++out.adopted;
      continue;
    }
    proc.RestoreCounters(d.restarts + 1, d.created_at_ms);  // its run was lost: a restart
    if (Status s = proc.Start(); s.ok()) {
      ++out.restarted;
    } else {
      out.failures.push_back(label + ": " + s.message());
    }
  }
  for (auto& e : ended)  // of processes the state does not know
    if (e.pm_id >= 0) CloseAndRelease(e.key, {e.fds[0], e.fds[1]}, keeper, &out.unread_bytes);
  table.set_next_id(state.next_id);
  return out;
}

}  // namespace tend

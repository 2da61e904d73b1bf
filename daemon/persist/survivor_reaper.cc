#include "daemon/persist/survivor_reaper.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>

#include "daemon/os/proc_stat.h"

namespace tend {
namespace {

using Clock = std::chrono::steady_clock;

// After SIGKILL only the kernel is left to act; this bounds the wait for it.
constexpr std::chrono::milliseconds kKillGrace{2000};
constexpr std::chrono::milliseconds kPollInterval{10};

struct Survivor {
  SurvivorRecord record;
  bool whole_group = false;  // signal -pgid rather than pid
};

bool IsSameLiveProcess(const SurvivorRecord& r) {
  auto st = ReadProcStatOnly(kProcRoot, r.pid);
  return st.ok() && st->start_time_ticks == r.start_time && !IsDeadState(st->state);
}

std::vector<Survivor> FindSurvivors(const std::vector<SurvivorRecord>& records) {
  std::vector<Survivor> out;
  for (const SurvivorRecord& r : records) {
    if (r.pid <= 0 || r.start_time == 0 || r.pid == ::getpid()) continue;
    auto st = ReadProcStatOnly(kProcRoot, r.pid);
    if (!st.ok() || st->start_time_ticks != r.start_time || IsDeadState(st->state)) continue;
    // The group is ours only while the process we know still leads it.
    const bool group = r.pgid > 0 && st->pgrp == r.pgid && r.pgid != ::getpgrp();
    out.push_back({r, group});
  }
  return out;
}

std::vector<Survivor> StillRunning(const std::vector<Survivor>& survivors) {
  std::set<pid_t> pgids;
  for (const Survivor& s : survivors)
    if (s.whole_group) pgids.insert(s.record.pgid);
  const std::set<pid_t> live_groups = GroupsWithLiveMembers(pgids);
  std::vector<Survivor> running;
  for (const Survivor& s : survivors) {
    const bool alive =
        s.whole_group ? live_groups.count(s.record.pgid) != 0 : IsSameLiveProcess(s.record);
    if (alive) running.push_back(s);
  }
  return running;
}

void Signal(const Survivor& s, int sig) {
  ::kill(s.whole_group ? -s.record.pgid : s.record.pid, sig);
}

std::vector<Survivor> WaitUntilGone(std::vector<Survivor> survivors, Clock::time_point deadline) {
  for (;;) {
    survivors = StillRunning(survivors);
    if (survivors.empty() || Clock::now() >= deadline) return survivors;
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace

std::vector<SurvivorRecord> SurvivorRecordsOf(const Dump& dump) {
  std::vector<SurvivorRecord> records;
  for (const DumpedProcess& p : dump.processes) {
    if (p.pid > 0 && p.start_time != 0) records.push_back({p.pid, p.pgid, p.start_time});
  }
  return records;
}

Result<int> StopSurvivors(const std::vector<SurvivorRecord>& records,
                          std::chrono::milliseconds timeout) {
  const std::vector<Survivor> survivors = FindSurvivors(records);
  for (const Survivor& s : survivors)
    Signal(s, SIGTERM);
  std::vector<Survivor> stubborn = WaitUntilGone(survivors, Clock::now() + timeout);
  for (const Survivor& s : stubborn)
    Signal(s, SIGKILL);
  stubborn = WaitUntilGone(stubborn, Clock::now() + kKillGrace);
  if (stubborn.empty()) return static_cast<int>(survivors.size());

  std::string pids;
  for (const Survivor& s : stubborn)
    pids += (pids.empty() ? "" : ", ") + std::to_string(s.record.pid);
  return Status::Io("could not stop " + std::to_string(stubborn.size()) + " of " +
                    std::to_string(survivors.size()) +
                    " processes left by the previous daemon (pids " + pids + ")");
}

}  // namespace tend

#include "daemon/os/proc_stat.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>

namespace tend {
namespace {

// Field numbers of proc(5), counted from 1; field 3 (state) is the first after comm.
constexpr size_t kFirstFieldAfterComm = 3;
constexpr size_t kLastFieldNeeded = 23;  // vsize

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Splits on single spaces into fields[kFirstFieldAfterComm..]; false when too few.
bool SplitFields(std::string_view rest, std::string_view (&fields)[kLastFieldNeeded + 1]) {
  size_t index = kFirstFieldAfterComm;
  while (index <= kLastFieldNeeded) {
    size_t start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) return false;
    rest.remove_prefix(start);
    size_t end = rest.find_first_of(" \n");
    fields[index++] = rest.substr(0, end);
    if (end == std::string_view::npos) {
      rest = {};
    } else {
      rest.remove_prefix(end);
    }
  }
  return true;
}

Status Malformed(std::string_view what, std::string_view line) {
  return Status::Internal(std::string("malformed ") + std::string(what) + ": '" +
                          std::string(line.substr(0, 200)) + "'");
}

}  // namespace

Result<ProcStat> ParseProcStat(std::string_view line) {
  size_t open = line.find('(');
  size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return Malformed("/proc stat", line);
  }
  ProcStat stat;
  std::string_view pid_text = line.substr(0, open);
  while (!pid_text.empty() && pid_text.back() == ' ')
    pid_text.remove_suffix(1);
  std::string_view fields[kLastFieldNeeded + 1];
  bool ok = ParseNumber(pid_text, stat.pid) && SplitFields(line.substr(close + 1), fields) &&
            fields[3].size() == 1 && ParseNumber(fields[4], stat.ppid) &&
            ParseNumber(fields[5], stat.pgrp) && ParseNumber(fields[14], stat.utime_ticks) &&
            ParseNumber(fields[15], stat.stime_ticks) &&
            ParseNumber(fields[20], stat.num_threads) &&
            ParseNumber(fields[22], stat.start_time_ticks) && ParseNumber(fields[23], stat.vsize);
  if (!ok) return Malformed("/proc stat", line);
  stat.state = fields[3][0];
  stat.comm = std::string(line.substr(open + 1, close - open - 1));
  return stat;
}

Result<uint64_t> ParseStatmResidentPages(std::string_view line) {
  size_t first_space = line.find(' ');
  if (first_space == std::string_view::npos) return Malformed("/proc statm", line);
  std::string_view rest = line.substr(first_space + 1);
  rest = rest.substr(0, rest.find_first_of(" \n"));
  uint64_t pages = 0;
  if (!ParseNumber(rest, pages)) return Malformed("/proc statm", line);
  return pages;
}

Result<ProcStat> ReadProcStatOnly(ProcFileCache& files, pid_t pid) {
  thread_local std::string buffer;
  TEND_RETURN_IF_ERROR(files.Read(pid, "stat", buffer));
  return ParseProcStat(buffer);
}

Result<ProcStat> ReadProcStatOnly(const std::string& proc_root, pid_t pid) {
  ProcFileCache uncached(proc_root, 0);
  return ReadProcStatOnly(uncached, pid);
}

Result<uint64_t> ReadResidentBytes(ProcFileCache& files, pid_t pid) {
  thread_local std::string buffer;
  TEND_RETURN_IF_ERROR(files.Read(pid, "statm", buffer));
  Result<uint64_t> pages = ParseStatmResidentPages(buffer);
  if (!pages.ok()) return pages.status();
  return *pages * PageSizeBytes();
}

Result<ProcStat> ReadProcStat(const std::string& proc_root, pid_t pid) {
  ProcFileCache uncached(proc_root, 0);
  Result<ProcStat> stat = ReadProcStatOnly(uncached, pid);
  if (!stat.ok()) return stat;
  Result<uint64_t> rss = ReadResidentBytes(uncached, pid);
  if (!rss.ok()) return rss.status();
  stat->rss_bytes = *rss;
  return stat;
}

Result<ProcStat> ReadProcStat(pid_t pid) {
  return ReadProcStat(kProcRoot, pid);
}

Result<uint64_t> ProcessStartTime(pid_t pid) {
  Result<ProcStat> stat = ReadProcStatOnly(kProcRoot, pid);
  if (!stat.ok()) return stat.status();
  return stat->start_time_ticks;
}

uint64_t ClockTicksPerSecond() {
  static const uint64_t ticks = [] {
    long value = sysconf(_SC_CLK_TCK);
    return value > 0 ? static_cast<uint64_t>(value) : 100;
  }();
  return ticks;
}

uint64_t PageSizeBytes() {
  static const uint64_t size = [] {
    long value = sysconf(_SC_PAGESIZE);
    return value > 0 ? static_cast<uint64_t>(value) : 4096;
  }();
  return size;
}

// Process groups among `pgids` that still hold a process that has not exited.
// One pass over /proc for all groups, so each poll costs the same however many.
std::set<pid_t> GroupsWithLiveMembers(const std::set<pid_t>& pgids) {
  std::set<pid_t> live;
  if (pgids.empty()) return live;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return pgids;  // cannot tell: assume alive, SIGKILL will follow
  while (const dirent* e = ::readdir(proc)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    auto st = ReadProcStatOnly(kProcRoot, static_cast<pid_t>(std::strtol(e->d_name, nullptr, 10)));
    if (st.ok() && pgids.count(st->pgrp) != 0 && !IsDeadState(st->state)) live.insert(st->pgrp);
  }
  ::closedir(proc);
  return live;
}

}  // namespace tend

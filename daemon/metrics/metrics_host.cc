#include "daemon/metrics/metrics_host.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "daemon/os/proc_file.h"

namespace tend {
namespace {

// Splits off the next space-separated token of `text`.
std::string_view NextToken(std::string_view& text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    text = {};
    return {};
  }
  text.remove_prefix(start);
  size_t end = text.find_first_of(" \t\n");
  std::string_view token = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  return token;
}

bool ParseU64(std::string_view text, uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// strtod: from_chars for double is not in libstdc++ 10, and loadavg is plain "0.29".
bool ParseDouble(std::string_view text, double& out) {
  std::string copy(text);
  char* end = nullptr;
  out = std::strtod(copy.c_str(), &end);
  return !copy.empty() && end == copy.c_str() + copy.size();
}

}  // namespace

namespace {

// One "cpu..." line after its name: user nice system idle iowait irq softirq steal
// [guest guest_nice]. Guest time is already inside user and nice, so only eight count.
bool ParseCpuLine(std::string_view line, CpuTimes& times) {
  uint64_t values[8] = {};
  for (uint64_t& value : values) {
    if (!ParseU64(NextToken(line), value)) return false;
  }
  times = CpuTimes{};
  for (uint64_t value : values)
    times.total += value;
  times.busy = times.total - values[3] - values[4];  // minus idle and iowait
  return true;
}

double BusyShare(const CpuTimes& now, const CpuTimes& before) {
  const uint64_t total = now.total - std::min(now.total, before.total);
  const uint64_t busy = now.busy - std::min(now.busy, before.busy);
  return total > 0 ? 100.0 * static_cast<double>(busy) / static_cast<double>(total) : 0;
}

}  // namespace

Result<CpuTimes> ParseCpuTimes(std::string_view proc_stat) {
  std::string_view line = proc_stat.substr(0, proc_stat.find('\n'));
  if (NextToken(line) != "cpu") return Status::Internal("/proc/stat: no aggregate cpu line");
  CpuTimes times;
  if (!ParseCpuLine(line, times)) return Status::Internal("/proc/stat: malformed cpu line");
  return times;
}

std::vector<CpuTimes> ParsePerCpuTimes(std::string_view proc_stat) {
  std::vector<CpuTimes> cores;
  while (!proc_stat.empty()) {
    std::string_view line = proc_stat.substr(0, proc_stat.find('\n'));
    proc_stat.remove_prefix(std::min(proc_stat.size(), line.size() + 1));
    const std::string_view name = NextToken(line);
    if (name.size() <= 3 || name.substr(0, 3) != "cpu") continue;
    CpuTimes times;
    if (ParseCpuLine(line, times)) cores.push_back(times);
  }
  return cores;
}

Status ParseMeminfo(std::string_view meminfo, HostMetrics& out) {
  bool have_total = false, have_available = false;
  while (!meminfo.empty()) {
    std::string_view line = meminfo.substr(0, meminfo.find('\n'));
    meminfo.remove_prefix(std::min(meminfo.size(), line.size() + 1));
    std::string_view key = NextToken(line);
    uint64_t kib = 0;
    if (!ParseU64(NextToken(line), kib)) continue;
    if (key == "MemTotal:") {
      out.mem_total = kib * 1024;
      have_total = true;
    } else if (key == "MemAvailable:") {
      out.mem_available = kib * 1024;
      have_available = true;
    } else if (key == "SwapTotal:") {
      out.swap_total = kib * 1024;
    } else if (key == "SwapFree:") {
      out.swap_free = kib * 1024;
    }
  }
  if (have_total && have_available) return Status::Ok();
  return Status::Internal("/proc/meminfo: no MemTotal or MemAvailable");
}

Status ParseLoadavg(std::string_view loadavg, HostMetrics& out) {
  if (ParseDouble(NextToken(loadavg), out.load1) && ParseDouble(NextToken(loadavg), out.load5) &&
      ParseDouble(NextToken(loadavg), out.load15)) {
    return Status::Ok();
  }
  return Status::Internal("/proc/loadavg: malformed");
}

HostMetrics HostSampler::Sample() {
  HostMetrics metrics;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  metrics.cpus = cpus > 0 ? static_cast<int>(cpus) : 1;
  if (ReadProcFile(proc_root_ + "/stat", buffer_).ok()) {
    Result<CpuTimes> times = ParseCpuTimes(buffer_);
    if (times.ok()) {
      metrics.cpu_percent = BusyShare(*times, previous_);
      previous_ = *times;
    }
    std::vector<CpuTimes> cores = ParsePerCpuTimes(buffer_);
    if (previous_cores_.size() != cores.size()) previous_cores_.assign(cores.size(), CpuTimes{});
    for (size_t i = 0; i < cores.size(); ++i)
      metrics.core_percent.push_back(BusyShare(cores[i], previous_cores_[i]));
    previous_cores_ = std::move(cores);
  }
  if (ReadProcFile(proc_root_ + "/meminfo", buffer_).ok()) {
    (void)ParseMeminfo(buffer_, metrics);
  }
  if (ReadProcFile(proc_root_ + "/loadavg", buffer_).ok()) {
    (void)ParseLoadavg(buffer_, metrics);
  }
  if (ReadProcFile(proc_root_ + "/uptime", buffer_).ok()) {
    std::string_view text = buffer_;
    (void)ParseDouble(NextToken(text), metrics.uptime_seconds);
  }
  return metrics;
}

}  // namespace tend

#include "daemon/metrics/metrics_host.h"

#include <unistd.h>

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

Result<CpuTimes> ParseCpuTimes(std::string_view proc_stat) {
  std::string_view line = proc_stat.substr(0, proc_stat.find('\n'));
  if (NextToken(line) != "cpu") return Status::Internal("/proc/stat: no aggregate cpu line");
  // user nice system idle iowait irq softirq steal [guest guest_nice]: guest
  // time is already inside user and nice, so only the first eight count.
  uint64_t values[8] = {};
  for (uint64_t& value : values) {
    if (!ParseU64(NextToken(line), value))
      return Status::Internal("/proc/stat: malformed cpu line");
  }
  CpuTimes times;
  for (uint64_t value : values)
    times.total += value;
  times.busy = times.total - values[3] - values[4];  // minus idle and iowait
  return times;
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
      uint64_t total = times->total - std::min(times->total, previous_.total);
      uint64_t busy = times->busy - std::min(times->busy, previous_.busy);
      if (total > 0) metrics.cpu_percent = 100.0 * static_cast<double>(busy) / total;
      previous_ = *times;
    }
  }
  if (ReadProcFile(proc_root_ + "/meminfo", buffer_).ok()) {
    (void)ParseMeminfo(buffer_, metrics);
  }
  if (ReadProcFile(proc_root_ + "/loadavg", buffer_).ok()) {
    (void)ParseLoadavg(buffer_, metrics);
  }
  return metrics;
}

}  // namespace tend

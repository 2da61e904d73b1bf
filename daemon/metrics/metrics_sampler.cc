#include "daemon/metrics/metrics_sampler.h"

#include <time.h>

#include <algorithm>
#include <optional>
#include <unordered_set>
#include <utility>

namespace tend {

struct MetricsSampler::SampleContext {
  Clock::time_point now;
  double boot_seconds = 0;
  std::optional<ProcSnapshot> snapshot;  // set only in the parent-scan mode
  std::unordered_map<pid_t, Baseline> next_baselines;
};

double SecondsSinceBoot() {
  timespec ts{};
  ::clock_gettime(CLOCK_BOOTTIME, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

MetricsSampler::MetricsSampler() : MetricsSampler(Options{}) {}

MetricsSampler::MetricsSampler(Options options)
    : options_(std::move(options)),
      files_(options_.proc_root, options_.max_open_files.value_or(DefaultProcFileCacheSize())) {
  if (!options_.seconds_since_boot) options_.seconds_since_boot = SecondsSinceBoot;
  switch (options_.children) {
    case ChildrenSource::kAuto:
      use_scan_ = !ChildrenFileSupported(options_.proc_root);
      break;
    case ChildrenSource::kChildrenFile:
      use_scan_ = false;
      break;
    case ChildrenSource::kParentScan:
      use_scan_ = true;
      break;
  }
}

std::map<pid_t, ProcessMetrics> MetricsSampler::Sample(const std::vector<pid_t>& roots,
                                                       Clock::time_point now) {
  SampleContext context;
  context.now = now;
  context.boot_seconds = options_.seconds_since_boot();
  if (use_scan_ && !roots.empty()) {
    Result<ProcSnapshot> snapshot = ScanProcesses(options_.proc_root);
    ++scan_count_;
    // Without a snapshot the trees shrink to their roots rather than fail.
    context.snapshot = snapshot.ok() ? std::move(snapshot).value() : ProcSnapshot{};
  }
  std::map<pid_t, ProcessMetrics> result;
  for (pid_t root : roots) {
    ProcessMetrics metrics = SampleTree(root, context);
    if (metrics.process_count > 0) result[root] = metrics;
  }
  baselines_ = std::move(context.next_baselines);
  files_.Sweep();
  return result;
}

ProcessMetrics MetricsSampler::SampleTree(pid_t root, SampleContext& context) {
  ProcessMetrics metrics;
  double ticks_per_second = 0;
  std::vector<pid_t> pending{root};
  std::unordered_set<pid_t> visited;  // guards against a cycle from pid reuse mid-walk
  while (!pending.empty()) {
    pid_t pid = pending.back();
    pending.pop_back();
    if (!visited.insert(pid).second) continue;
    Result<ProcStat> stat = StatOf(pid, context);
    if (!stat.ok()) continue;  // exited since its parent listed it
    Result<uint64_t> rss = ReadResidentBytes(files_, pid);
    metrics.memory_bytes += rss.ok() ? *rss : 0;
    ++metrics.process_count;
    ticks_per_second += CpuTicksPerSecond(*stat, context);
    AppendChildren(*stat, context, pending);
  }
  metrics.cpu_percent = ticks_per_second * 100.0 / static_cast<double>(ClockTicksPerSecond());
  return metrics;
}

Result<ProcStat> MetricsSampler::StatOf(pid_t pid, const SampleContext& context) {
  if (!context.snapshot) return ReadProcStatOnly(files_, pid);
  auto it = context.snapshot->stats.find(pid);
  // A root born after the scan is still read directly; its children wait for the next scan.
  if (it == context.snapshot->stats.end()) return ReadProcStatOnly(files_, pid);
  return it->second;
}

void MetricsSampler::AppendChildren(const ProcStat& stat, const SampleContext& context,
                                    std::vector<pid_t>& out) {
  if (context.snapshot) {
    auto it = context.snapshot->children.find(stat.pid);
    if (it != context.snapshot->children.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return;
  }
  // A failure (the process just exited) leaves it without children this time.
  (void)AppendChildrenFromFiles(files_, stat.pid, stat.num_threads, out);
}

double MetricsSampler::CpuTicksPerSecond(const ProcStat& stat, SampleContext& context) {
  uint64_t ticks = stat.utime_ticks + stat.stime_ticks;
  Baseline current{stat.start_time_ticks, ticks, context.now};
  auto it = baselines_.find(stat.pid);
  if (it != baselines_.end() && it->second.start_time_ticks == stat.start_time_ticks) {
    double elapsed = std::chrono::duration<double>(context.now - it->second.at).count();
    if (elapsed > 0) {
      context.next_baselines[stat.pid] = current;
      uint64_t prev = it->second.cpu_ticks;
      return static_cast<double>(ticks >= prev ? ticks - prev : 0) / elapsed;
    }
    current = it->second;  // no time passed: keep the older baseline
  }
  context.next_baselines[stat.pid] = current;
  // First sight of this process (or its pid was reused): its average since it started.
  double hz = static_cast<double>(ClockTicksPerSecond());
  double age = context.boot_seconds - static_cast<double>(stat.start_time_ticks) / hz;
  return static_cast<double>(ticks) / std::max(age, 1.0 / hz);
}

}  // namespace tend

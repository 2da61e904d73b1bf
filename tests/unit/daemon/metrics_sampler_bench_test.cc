// The cost of one Sample per sampled process, printed, not asserted: timing
// depends on the machine. Runs only with TEND_BENCH=1 (skipped otherwise), e.g.
//   TEND_BENCH=1 build/tests/unit_daemon --gtest_filter='MetricsSamplerBench.*'
// Numbers from a sanitizer build are several times those of a release build.
#include <gtest/gtest.h>
#include <time.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "daemon/metrics_sampler.h"
#include "tests/unit/daemon/proc_test_child.h"

namespace tend {
namespace {

using proctest::TestChild;
using proctest::WaitFor;
using Clock = MetricsSampler::Clock;

// TEND_BENCH_ROOTS overrides the number of sleeping roots (default 100).
int RootCount() {
  const char* value = std::getenv("TEND_BENCH_ROOTS");
  int roots = value != nullptr ? std::atoi(value) : 0;
  return roots > 0 ? roots : 100;
}
constexpr int kSamples = 1000;

bool BenchRequested() {
  const char* value = std::getenv("TEND_BENCH");
  return value != nullptr && std::string(value) == "1";
}

// CPU time (user + system) of this process: less sensitive than wall time to
// other work on a shared machine.
double ProcessCpuMicros() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

void TimeSamples(ChildrenSource source, std::optional<size_t> max_open_files, const char* label) {
  const int kRoots = RootCount();
  std::vector<std::unique_ptr<TestChild>> children;
  std::vector<pid_t> roots;
  for (int i = 0; i < kRoots; ++i) {
    children.push_back(std::make_unique<TestChild>(TestChild::Exec({"/bin/sleep", "600"})));
    roots.push_back(children.back()->pid());
  }
  MetricsSampler::Options options;
  options.children = source;
  options.max_open_files = max_open_files;
  MetricsSampler sampler(options);
  ASSERT_TRUE(WaitFor([&] { return sampler.Sample(roots, Clock::now()).size() == roots.size(); }));
  Clock::time_point start = Clock::now();
  double cpu_start = ProcessCpuMicros();
  size_t processes = 0;
  for (int i = 0; i < kSamples; ++i) {
    for (const auto& [root, metrics] : sampler.Sample(roots, Clock::now())) {
      processes += metrics.process_count;
    }
  }
  double micros = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  double cpu_micros = ProcessCpuMicros() - cpu_start;
  double per_process = static_cast<double>(processes);
  std::printf(
      "[ bench    ] %s: %d samples of %d roots: per sample %.0f us wall, %.0f us cpu; "
      "per process %.2f us wall, %.2f us cpu\n",
      label, kSamples, kRoots, micros / kSamples, cpu_micros / kSamples, micros / per_process,
      cpu_micros / per_process);
  EXPECT_EQ(processes, static_cast<size_t>(kRoots) * kSamples);
}

TEST(MetricsSamplerBench, ChildrenFiles) {
  if (!BenchRequested()) GTEST_SKIP() << "set TEND_BENCH=1";
  if (!ChildrenFileSupported(kProcRoot)) GTEST_SKIP() << "kernel without CONFIG_PROC_CHILDREN";
  TimeSamples(ChildrenSource::kChildrenFile, std::nullopt, "children files");
}

TEST(MetricsSamplerBench, ChildrenFilesReopenedEverySample) {
  if (!BenchRequested()) GTEST_SKIP() << "set TEND_BENCH=1";
  if (!ChildrenFileSupported(kProcRoot)) GTEST_SKIP() << "kernel without CONFIG_PROC_CHILDREN";
  TimeSamples(ChildrenSource::kChildrenFile, 0, "children files, no file cache");
}

TEST(MetricsSamplerBench, ParentScan) {
  if (!BenchRequested()) GTEST_SKIP() << "set TEND_BENCH=1";
  TimeSamples(ChildrenSource::kParentScan, std::nullopt, "parent scan");
}

}  // namespace
}  // namespace tend

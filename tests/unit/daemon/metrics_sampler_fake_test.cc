// MetricsSampler against a fake /proc: exact CPU arithmetic, pid reuse, and
// the cost rule (at most one /proc scan per Sample), on any kernel.
#include <gtest/gtest.h>

#include "daemon/metrics/metrics_sampler.h"
#include "tests/unit/daemon/proc_test_fake.h"

namespace tend {
namespace {

using proctest::Fake;
using proctest::FakeProc;
using proctest::FakeProcess;
using Clock = MetricsSampler::Clock;
using namespace std::chrono_literals;

constexpr double kBootSeconds = 1000;

MetricsSampler MakeSampler(const FakeProc& proc, ChildrenSource source) {
  MetricsSampler::Options options;
  options.proc_root = proc.root();
  options.children = source;
  options.seconds_since_boot = [] { return kBootSeconds; };
  // A deleted fake file stays readable through an open fd, unlike a dead
  // process's /proc file: the file cache is tested on real processes.
  options.max_open_files = 0;
  return MetricsSampler(options);
}

uint64_t Hz() {
  return ClockTicksPerSecond();
}

// root 10 -> 11 -> 12, and 10 -> 13; 20 is a stranger; 30 is another root.
void WriteTwoTrees(FakeProc& proc) {
  FakeProcess root = Fake(10, 1);
  root.rss_pages = 100;
  root.children_by_tid = {{10, {11}}, {14, {13}}};  // two threads, each forked one child
  proc.Write(root);
  FakeProcess middle = Fake(11, 10);
  middle.rss_pages = 20;
  middle.children_by_tid = {{11, {12}}};
  proc.Write(middle);
  FakeProcess leaf = Fake(12, 11);
  leaf.rss_pages = 3;
  proc.Write(leaf);
  proc.Write(Fake(13, 10));
  proc.Write(Fake(20, 1));
  proc.Write(Fake(30, 1));
}

class FakeSampler : public ::testing::TestWithParam<ChildrenSource> {};

TEST_P(FakeSampler, SumsMemoryAndCountsOverEachTree) {
  FakeProc proc(/*children_files=*/GetParam() == ChildrenSource::kChildrenFile);
  WriteTwoTrees(proc);
  MetricsSampler sampler = MakeSampler(proc, GetParam());
  std::map<pid_t, ProcessMetrics> all = sampler.Sample({10, 30}, Clock::now());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[10].process_count, 4u);
  EXPECT_EQ(all[10].memory_bytes, (100 + 20 + 3 + 10) * PageSizeBytes());
  EXPECT_EQ(all[30].process_count, 1u);
  EXPECT_EQ(all[30].memory_bytes, 10 * PageSizeBytes());
}

TEST_P(FakeSampler, AProcessGoneBetweenSamplesLeavesTheTree) {
  FakeProc proc(GetParam() == ChildrenSource::kChildrenFile);
  WriteTwoTrees(proc);
  MetricsSampler sampler = MakeSampler(proc, GetParam());
  Clock::time_point t0 = Clock::now();
  (void)sampler.Sample({10}, t0);
  proc.Remove(12);  // exited; its parent's children file may still name it for a moment
  ProcessMetrics metrics = sampler.Sample({10}, t0 + 1s)[10];
  EXPECT_EQ(metrics.process_count, 3u);
  EXPECT_EQ(metrics.memory_bytes, (100 + 20 + 10) * PageSizeBytes());
  EXPECT_EQ(metrics.cpu_percent, 0.0);
}

TEST_P(FakeSampler, CpuIsTheTicksDeltaOverTheWallTimeBetweenSamples) {
  FakeProc proc(GetParam() == ChildrenSource::kChildrenFile);
  WriteTwoTrees(proc);
  FakeProcess leaf = Fake(12, 11);
  proc.Write(leaf);
  MetricsSampler sampler = MakeSampler(proc, GetParam());
  Clock::time_point t0 = Clock::now();
  EXPECT_EQ(sampler.Sample({10}, t0)[10].cpu_percent, 0.0);
  // Over 2 s the leaf uses 1.5 s of user and 0.5 s of system time: one core.
  leaf.utime = 3 * Hz() / 2;
  leaf.stime = Hz() / 2;
  proc.Write(leaf);
  EXPECT_DOUBLE_EQ(sampler.Sample({10}, t0 + 2s)[10].cpu_percent, 100.0);
  // Then nothing for 1 s.
  EXPECT_DOUBLE_EQ(sampler.Sample({10}, t0 + 3s)[10].cpu_percent, 0.0);
}

TEST_P(FakeSampler, AProcessSeenForTheFirstTimeReportsItsAverageSinceStart) {
  FakeProc proc(GetParam() == ChildrenSource::kChildrenFile);
  // Started 400 s after boot, so 600 s old at kBootSeconds, with 150 s of CPU.
  FakeProcess lone = Fake(40, 1, /*start_time=*/400 * Hz());
  lone.utime = 150 * Hz();
  proc.Write(lone);
  MetricsSampler sampler = MakeSampler(proc, GetParam());
  EXPECT_DOUBLE_EQ(sampler.Sample({40}, Clock::now())[40].cpu_percent, 25.0);
}

TEST_P(FakeSampler, AReusedPidStartsANewBaseline) {
  FakeProc proc(GetParam() == ChildrenSource::kChildrenFile);
  FakeProcess old_process = Fake(40, 1, /*start_time=*/100 * Hz());
  old_process.utime = 500 * Hz();
  proc.Write(old_process);
  MetricsSampler sampler = MakeSampler(proc, GetParam());
  Clock::time_point t0 = Clock::now();
  (void)sampler.Sample({40}, t0);
  // Same pid, a new process born 998 s after boot (2 s old) that used 1 s.
  FakeProcess new_process = Fake(40, 1, /*start_time=*/998 * Hz());
  new_process.utime = Hz();
  proc.Write(new_process);
  EXPECT_DOUBLE_EQ(sampler.Sample({40}, t0 + 1s)[40].cpu_percent, 50.0);
}

INSTANTIATE_TEST_SUITE_P(BothSources, FakeSampler,
                         ::testing::Values(ChildrenSource::kChildrenFile,
                                           ChildrenSource::kParentScan),
                         [](const auto& param_info) {
                           return param_info.param == ChildrenSource::kChildrenFile ? "ChildrenFile"
                                                                                    : "ParentScan";
                         });

TEST(FakeSamplerCost, TheParentScanRunsAtMostOncePerSampleWhateverTheRoots) {
  FakeProc proc(/*children_files=*/false);
  WriteTwoTrees(proc);
  MetricsSampler sampler = MakeSampler(proc, ChildrenSource::kAuto);
  EXPECT_TRUE(sampler.uses_parent_scan());  // the fake kernel has no children files
  (void)sampler.Sample({10, 30, 20, 12}, Clock::now());
  EXPECT_EQ(sampler.scan_count(), 1u);
  (void)sampler.Sample({10, 30, 20, 12}, Clock::now());
  EXPECT_EQ(sampler.scan_count(), 2u);
  (void)sampler.Sample({}, Clock::now());
  EXPECT_EQ(sampler.scan_count(), 2u);
}

TEST(FakeSamplerCost, ChildrenFilesNeverScan) {
  FakeProc proc(/*children_files=*/true);
  WriteTwoTrees(proc);
  MetricsSampler sampler = MakeSampler(proc, ChildrenSource::kChildrenFile);
  EXPECT_FALSE(sampler.uses_parent_scan());
  EXPECT_EQ(sampler.Sample({10, 30}, Clock::now()).size(), 2u);
  EXPECT_EQ(sampler.scan_count(), 0u);
}

}  // namespace
}  // namespace tend

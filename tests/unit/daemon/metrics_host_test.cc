#include "daemon/metrics/metrics_host.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "tests/unit/daemon/proc_test_fake.h"

namespace tend {
namespace {

TEST(ParseCpuTimes, BusyExcludesIdleAndIowaitAndGuestIsNotCountedTwice) {
  Result<CpuTimes> times =
      ParseCpuTimes("cpu  4898 10 2912 513933 428 1 26 35 700 5\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
  ASSERT_TRUE(times.ok()) << times.status().ToString();
  EXPECT_EQ(times->total, 4898u + 10 + 2912 + 513933 + 428 + 1 + 26 + 35);
  EXPECT_EQ(times->busy, 4898u + 10 + 2912 + 1 + 26 + 35);
  EXPECT_FALSE(ParseCpuTimes("cpu0 1 2 3 4 5 6 7 8\n").ok());
  EXPECT_FALSE(ParseCpuTimes("cpu 1 2 3\n").ok());
}

TEST(ParseMeminfo, ReadsTotalAvailableAndSwapInBytes) {
  HostMetrics metrics;
  ASSERT_TRUE(ParseMeminfo("MemTotal:       24684092 kB\nMemFree:        23850380 kB\n"
                           "MemAvailable:   24054412 kB\nBuffers: 1 kB\n"
                           "SwapTotal:       2048 kB\nSwapFree:        1024 kB\n",
                           metrics)
                  .ok());
  EXPECT_EQ(metrics.mem_total, 24684092ull * 1024);
  EXPECT_EQ(metrics.mem_available, 24054412ull * 1024);
  EXPECT_EQ(metrics.swap_total, 2048ull * 1024);
  EXPECT_EQ(metrics.swap_free, 1024ull * 1024);
  EXPECT_FALSE(ParseMeminfo("MemTotal: 5 kB\n", metrics).ok());
}

TEST(ParseLoadavg, ReadsTheThreeAverages) {
  HostMetrics metrics;
  ASSERT_TRUE(ParseLoadavg("0.29 1.15 12.05 4/106 5665\n", metrics).ok());
  EXPECT_DOUBLE_EQ(metrics.load1, 0.29);
  EXPECT_DOUBLE_EQ(metrics.load5, 1.15);
  EXPECT_DOUBLE_EQ(metrics.load15, 12.05);
  EXPECT_FALSE(ParseLoadavg("0.29 x\n", metrics).ok());
}

TEST(HostSampler, CpuIsTheBusyShareBetweenTwoSamples) {
  test::TempDir dir;
  auto write_stat = [&](const char* line) { std::ofstream(dir / "stat") << line; };
  write_stat("cpu  100 0 100 800 0 0 0 0 0 0\n");
  HostSampler sampler(dir.path());
  EXPECT_DOUBLE_EQ(sampler.Sample().cpu_percent, 20.0);  // since boot
  write_stat("cpu  130 0 100 870 0 0 0 0 0 0\n");        // 30 busy of 100
  EXPECT_DOUBLE_EQ(sampler.Sample().cpu_percent, 30.0);
}

TEST(HostSampler, EachCoreIsItsOwnBusyShare) {
  test::TempDir dir;
  auto write_stat = [&](const char* text) { std::ofstream(dir / "stat") << text; };
  write_stat(
      "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\n"
      "cpu1 50 0 50 400 0 0 0 0 0 0\nintr 1 2 3\n");
  HostSampler sampler(dir.path());
  EXPECT_EQ(sampler.Sample().core_percent, (std::vector<double>{20.0, 20.0}));
  write_stat(
      "cpu  150 0 100 850 0 0 0 0 0 0\ncpu0 100 0 50 400 0 0 0 0 0 0\n"
      "cpu1 50 0 50 450 0 0 0 0 0 0\n");  // core 0 busy, core 1 idle
  HostMetrics metrics = sampler.Sample();
  EXPECT_DOUBLE_EQ(metrics.cpu_percent, 50.0);
  EXPECT_EQ(metrics.core_percent, (std::vector<double>{100.0, 0.0}));
}

TEST(HostSampler, DescribesThisHost) {
  HostSampler sampler;
  (void)sampler.Sample();
  HostMetrics metrics = sampler.Sample();
  EXPECT_EQ(metrics.cpus, ::sysconf(_SC_NPROCESSORS_ONLN));
  EXPECT_GT(metrics.mem_total, 0u);
  EXPECT_GT(metrics.mem_available, 0u);
  EXPECT_LE(metrics.mem_available, metrics.mem_total);
  EXPECT_GE(metrics.cpu_percent, 0.0);
  EXPECT_LE(metrics.cpu_percent, 100.0);
  EXPECT_GE(metrics.load1, 0.0);
  EXPECT_EQ(metrics.core_percent.size(), static_cast<size_t>(::sysconf(_SC_NPROCESSORS_ONLN)));
  EXPECT_GT(metrics.uptime_seconds, 0.0);
}

}  // namespace
}  // namespace tend

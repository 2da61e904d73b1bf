#include "daemon/metrics/metrics_history.h"

#include <gtest/gtest.h>

namespace tend {
namespace {

TEST(MetricsHistory, KeepsTheLastSamplesOldestFirst) {
  MetricsHistory history;
  for (size_t i = 0; i < MetricsHistory::kSamples + 5; ++i)
    history.Record(3, 100, static_cast<double>(i), 1024 * i);
  auto points = history.Points(3);
  ASSERT_EQ(points.size(), MetricsHistory::kSamples);
  EXPECT_EQ(points.front().cpu_percent, 5.0f);
  EXPECT_EQ(points.front().memory_kib, 5u);
  EXPECT_EQ(points.back().cpu_percent, static_cast<float>(MetricsHistory::kSamples + 4));
  EXPECT_TRUE(history.Points(4).empty());
}

TEST(MetricsHistory, PeakAndAverageAreOfTheCurrentRun) {
  MetricsHistory history;
  history.Record(1, 100, 10, 5000);
  history.Record(1, 100, 30, 9000);
  history.Record(1, 100, 20, 7000);
  RunSummary run = history.Summary(1);
  EXPECT_EQ(run.peak_memory_bytes, 9000u);
  EXPECT_DOUBLE_EQ(run.average_cpu_percent, 20.0);
  EXPECT_EQ(run.samples, 3u);
  history.Record(1, 200, 4, 1000);  // restarted: a new pid
  run = history.Summary(1);
  EXPECT_EQ(run.peak_memory_bytes, 1000u);
  EXPECT_DOUBLE_EQ(run.average_cpu_percent, 4.0);
  EXPECT_EQ(history.Points(1).size(), 4u);  // the sparkline goes on across the restart
  history.Forget(1);
  EXPECT_EQ(history.Summary(1).samples, 0u);
  EXPECT_EQ(history.size(), 0u);
}

}  // namespace
}  // namespace tend

#include "cli/format_units.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tend::cli {
namespace {

TEST(FormatDuration, UsesTheLargestUnitWithAtLeastTwo) {
  constexpr int64_t kSec = 1000, kMin = 60 * kSec, kHour = 60 * kMin, kDay = 24 * kHour;
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(999), "0s");
  EXPECT_EQ(FormatDuration(45 * kSec), "45s");
  EXPECT_EQ(FormatDuration(90 * kSec), "90s");  // PM2: one minute is not yet "1m"
  EXPECT_EQ(FormatDuration(2 * kMin), "2m");
  EXPECT_EQ(FormatDuration(3 * kMin + 59 * kSec), "3m");
  EXPECT_EQ(FormatDuration(2 * kHour), "2h");
  EXPECT_EQ(FormatDuration(47 * kHour), "47h");
  EXPECT_EQ(FormatDuration(5 * kDay), "5D");
  EXPECT_EQ(FormatDuration(90 * kDay), "3M");
  EXPECT_EQ(FormatDuration(800 * kDay), "2Y");
  EXPECT_EQ(FormatDuration(-5000), "0s");  // clock skew between daemon and CLI
}

TEST(FormatBytes, BinaryUnitsWithOneDecimal) {
  EXPECT_EQ(FormatBytes(0), "0b");
  EXPECT_EQ(FormatBytes(512), "512b");
  EXPECT_EQ(FormatBytes(1023), "1023b");
  EXPECT_EQ(FormatBytes(1024), "1.0kb");
  EXPECT_EQ(FormatBytes(1229), "1.2kb");
  EXPECT_EQ(FormatBytes(36175872), "34.5mb");
  EXPECT_EQ(FormatBytes(int64_t{1181116006}), "1.1gb");
  EXPECT_EQ(FormatBytes(int64_t{2} << 40), "2.0tb");
  EXPECT_EQ(FormatBytes(-1), "0b");
}

TEST(FormatCpu, AtMostOneDecimal) {
  EXPECT_EQ(FormatCpu(0), "0%");
  EXPECT_EQ(FormatCpu(12.5), "12.5%");
  EXPECT_EQ(FormatCpu(12.04), "12%");
  EXPECT_EQ(FormatCpu(99.96), "100%");
  EXPECT_EQ(FormatCpu(250), "250%");
  EXPECT_EQ(FormatCpu(-3), "0%");
  EXPECT_EQ(FormatCpu(std::nan("")), "0%");
}

}  // namespace
}  // namespace tend::cli

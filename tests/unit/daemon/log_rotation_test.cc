#include "daemon/logs/log_rotation.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "tests/unit/daemon/log_test_env.h"

namespace tend {
namespace {

using logtest::WriteFile;
using test::ReadWholeFile;
using test::TempDir;

TEST(LogRotationTest, RotatedNamesSortByTimeThenSequence) {
  const int64_t when = 1795689125123;  // 2026-11-26T10:32:05.123Z
  EXPECT_EQ(RotatedName("/l/api-out.log", when, 1), "/l/api-out__2026-11-26_10-32-05-123_0001.log");
  EXPECT_EQ(RotatedName("/l/noext", when, 12), "/l/noext__2026-11-26_10-32-05-123_0012");
  EXPECT_LT(RotatedName("/l/a.log", when, 9), RotatedName("/l/a.log", when, 10));
  EXPECT_LT(RotatedName("/l/a.log", when, 99), RotatedName("/l/a.log", when + 1, 1));
}

TEST(LogRotationTest, IntervalPeriods) {
  EXPECT_EQ(RotationPeriod("", 0), 0);
  const int64_t hour = 3600 * 1000;
  const int64_t t = 1795689125123;
  EXPECT_EQ(RotationPeriod("hourly", t), RotationPeriod("hourly", t + 60 * 1000));
  EXPECT_NE(RotationPeriod("hourly", t), RotationPeriod("hourly", t + hour));
  EXPECT_NE(RotationPeriod("daily", t), RotationPeriod("daily", t + 24 * hour));
  EXPECT_GT(MillisToNextHour(t), 0);
  EXPECT_LE(MillisToNextHour(t), hour + 50);
  EXPECT_FALSE(CheckRotateInterval("weekly").ok());
  EXPECT_TRUE(CheckRotateInterval("daily").ok());
}

TEST(LogRotationTest, RenameNeverOverwritesAndPruneKeepsNewest) {
  TempDir dir;
  const std::string path = dir / "app-out.log";
  const int64_t when = 1795689125123;
  uint64_t sequence = 0;
  std::vector<std::string> rotated;
  for (int i = 0; i < 5; ++i) {
    WriteFile(path, "content " + std::to_string(i) + "\n");
    Result<std::string> name = RenameToRotated(path, when, &sequence);  // same millisecond
    ASSERT_TRUE(name.ok()) << name.status().ToString();
    rotated.push_back(*name);
  }
  EXPECT_EQ(ListRotated(path), rotated);
  WriteFile(dir / "app-err__2026-01-01_00-00-00-000_0001.log", "other file\n");
  ASSERT_TRUE(GzipAndRemove(rotated[4]).ok());
  ASSERT_TRUE(PruneRotated(path, 2).ok());
  const auto kept = ListRotated(path);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0], rotated[3]);
  EXPECT_EQ(kept[1], rotated[4] + ".gz");
  EXPECT_EQ(ReadWholeFile(dir / "app-err__2026-01-01_00-00-00-000_0001.log"), "other file\n");

  gzFile gz = gzopen(kept[1].c_str(), "rb");
  ASSERT_NE(gz, nullptr);
  char buf[64] = {};
  const int n = gzread(gz, buf, sizeof buf);
  gzclose(gz);
  EXPECT_EQ(std::string(buf, static_cast<size_t>(n)), "content 4\n");
}

}  // namespace
}  // namespace tend

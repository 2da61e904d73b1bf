// A log file on a tiny tmpfs: the disk fills, the daemon keeps going and
// counts what it dropped, and writing resumes once space returns.

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "daemon/logs/log_file.h"
#include "daemon/logs/log_file_registry.h"
#include "tests/unit/daemon/log_test_env.h"

namespace tend {
namespace {

using logtest::SplitLines;
using logtest::TestLoop;
using logtest::WriteFile;
using test::ReadWholeFile;
using test::TempDir;

class LogDiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_point_ = dir_ / "small";
    ASSERT_EQ(mkdir(mount_point_.c_str(), 0700), 0);
    if (mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=256k") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs at " << mount_point_ << ": " << std::strerror(errno)
                   << " (needs root or CAP_SYS_ADMIN)";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
  }

  TempDir dir_;
  std::string mount_point_;
  bool mounted_ = false;
};

TEST_F(LogDiskFullTest, DropsAndCountsWhileFullThenResumes) {
  TestLoop loop;
  LogFileRegistry registry(loop.get());
  const std::string filler = mount_point_ + "/filler";
  WriteFile(filler, std::string(160 * 1024, 'f'));
  Result<std::shared_ptr<LogFile>> opened = registry.Open(mount_point_ + "/out.log", {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::shared_ptr<LogFile> file = opened.value();
  file->SetWatermarks(32 * 1024, 8 * 1024);  // the backlog kept while failing

  uint64_t appended = 0;
  for (int burst = 0; burst < 20; ++burst) {  // ~200 KiB into ~96 KiB of space
    for (int i = 0; i < 100; ++i) {
      const std::string line =
          "line " + std::to_string(burst * 100 + i) + std::string(90, '.') + "\n";
      file->Append(line);
      appended += line.size();
    }
    loop.RunUntil([] { return false; }, 2);
  }
  ASSERT_TRUE(loop.RunUntil([&] { return file->stats().failing; }));
  LogFileStats stats = file->stats();
  EXPECT_GT(stats.bytes_dropped, 0u);
  EXPECT_NE(stats.last_error.find("no space"), std::string::npos) << stats.last_error;
  EXPECT_EQ(stats.bytes_written + stats.bytes_dropped + stats.pending_bytes, appended);
  EXPECT_FALSE(file->congested());  // a failing file never holds the app back

  ASSERT_EQ(unlink(filler.c_str()), 0);  // space returns, enough for the backlog
  file->Append("after the disk was freed\n");
  // The retry timer writes it without any further line from the app.
  ASSERT_TRUE(
      loop.RunUntil([&] { return !file->stats().failing && file->stats().pending_bytes == 0; }));
  const auto lines = SplitLines(ReadWholeFile(mount_point_ + "/out.log"));
  ASSERT_GT(lines.size(), 100u);
  EXPECT_EQ(lines.back(), "after the disk was freed");
  // Whole lines only, in order; the lines that came while the backlog was full
  // were dropped (a gap, or the newest lines missing).
  int previous = -1;
  bool gap = false;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    ASSERT_EQ(lines[i].size(), 5 + std::to_string(previous + 1).size() + 90)
        << "cut line: " << lines[i];
    const int number = std::stoi(lines[i].substr(5));
    ASSERT_GT(number, previous);
    gap = gap || number != previous + 1;
    previous = number;
  }
  EXPECT_TRUE(gap || previous < 20 * 100 - 1);
  stats = file->stats();
  EXPECT_EQ(stats.bytes_written + stats.bytes_dropped, appended + 25);
  EXPECT_EQ(static_cast<uint64_t>(stats.size), stats.bytes_written);
}

// At daemon exit a file that still cannot be written gets one last attempt,
// then what it holds is counted as dropped: exit is never held up.
TEST_F(LogDiskFullTest, WhenAllIdleCompletesOnAFullDisk) {
  TestLoop loop;
  LogFileRegistry registry(loop.get());
  WriteFile(mount_point_ + "/filler", std::string(240 * 1024, 'f'));
  Result<std::shared_ptr<LogFile>> file = registry.Open(mount_point_ + "/out.log", {});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::string line(1000, 'x');
  uint64_t appended = 0;
  for (int i = 0; i < 100; ++i) {
    (*file)->Append(line + "\n");
    appended += line.size() + 1;
  }
  bool idle = false;
  registry.WhenAllIdle([&idle] { idle = true; });
  ASSERT_TRUE(loop.RunUntil([&idle] { return idle; }));
  const LogFileStats stats = (*file)->stats();
  EXPECT_EQ(stats.pending_bytes, 0u);
  EXPECT_GT(stats.bytes_dropped, 0u);
  EXPECT_EQ(stats.bytes_written + stats.bytes_dropped, appended);
}

}  // namespace
}  // namespace tend

#include "daemon/logs/log_file.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstring>

#include "daemon/logs/log_file_registry.h"
#include "tests/unit/daemon/log_test_env.h"

namespace tend {
namespace {

using logtest::SplitLines;
using logtest::TestLoop;
using logtest::WriteFile;
using test::ReadWholeFile;
using test::TempDir;

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class LogFileTest : public ::testing::Test {
 protected:
  std::shared_ptr<LogFile> Open(const std::string& path, RotationOptions rotation = {}) {
    Result<std::shared_ptr<LogFile>> file = registry_.Open(path, rotation);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? file.value() : nullptr;
  }
  void WaitIdle(LogFile& file) {
    bool idle = false;
    file.WhenIdle([&idle] { idle = true; });
    ASSERT_TRUE(loop_.RunUntil([&idle] { return idle; }));
  }

  TestLoop loop_;
  LogFileRegistry registry_{loop_.get()};
  TempDir dir_;
};

TEST_F(LogFileTest, UnwritablePathIsAClearErrorAtOpen) {
  WriteFile(dir_ / "file", "a regular file\n");
  const std::string path = dir_ / "file/out.log";
  Result<std::shared_ptr<LogFile>> file = registry_.Open(path, {});
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find(path), std::string::npos) << file.status().message();
  EXPECT_NE(file.status().message().find("Not a directory"), std::string::npos);

  ASSERT_EQ(symlink((dir_ / "target.log").c_str(), (dir_ / "link.log").c_str()), 0);
  Result<std::shared_ptr<LogFile>> link = registry_.Open(dir_ / "link.log", {});
  ASSERT_FALSE(link.ok());
  EXPECT_NE(link.status().message().find("symbolic link"), std::string::npos);

  EXPECT_FALSE(registry_.Open("relative.log", {}).ok());
  EXPECT_FALSE(registry_.Open(dir_ / "x.log", RotationOptions{0, "weekly", 0, false}).ok());
}

TEST_F(LogFileTest, OneSharedFilePerPathWritesWholeLinesInOrder) {
  auto a = Open(dir_ / "merged.log");
  auto b = Open(dir_ / "merged.log");
  ASSERT_EQ(a, b);
  struct stat st {};
  ASSERT_EQ(stat((dir_ / "merged.log").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  std::string expected;
  for (int i = 0; i < 1000; ++i) {
    const std::string line = "line " + std::to_string(i) + "\n";
    a->Append(line);
    expected += line;
  }
  WaitIdle(*a);
  EXPECT_EQ(ReadWholeFile(dir_ / "merged.log"), expected);
  EXPECT_EQ(a->stats().bytes_written, expected.size());
  EXPECT_EQ(a->stats().bytes_dropped, 0u);
}

// Bytes that come soon after a write wait to be batched with the next ones,
// and still reach the file when every owner has let go meanwhile.
TEST_F(LogFileTest, BytesSoonAfterAWriteAreBatchedAndOutliveTheirOwners) {
  const std::string path = dir_ / "batched.log";
  auto file = Open(path);
  file->SetCoalescing(60ull * 1000 * 1000 * 1000, 50);
  file->Append("first\n");  // after a quiet spell: written at once
  ASSERT_TRUE(loop_.RunUntil([&] { return file->stats().pending_bytes == 0; }));  // and done
  ASSERT_EQ(ReadWholeFile(path), "first\n");
  file->Append("second\n");
  file->Append("third\n");
  // Decided at once, with no write in flight: the bytes wait for the timer.
  EXPECT_EQ(file->stats().writes, 1u);
  EXPECT_EQ(file->stats().pending_bytes, 13u);
  file.reset();
  ASSERT_TRUE(loop_.RunUntil([&] { return ReadWholeFile(path) == "first\nsecond\nthird\n"; }));
  ASSERT_TRUE(loop_.RunUntil([&] { return !registry_.Stats(path).has_value(); }));
}

TEST_F(LogFileTest, FlushTruncatesOpenAndClosedFiles) {
  auto file = Open(dir_ / "out.log");
  file->Append("before flush\n");
  WaitIdle(*file);
  std::optional<Status> flushed;
  registry_.Flush(dir_ / "out.log", [&](Status s) { flushed = s; });
  file->Append("after flush\n");
  ASSERT_TRUE(loop_.RunUntil([&] { return flushed.has_value(); }));
  EXPECT_TRUE(flushed->ok()) << flushed->ToString();
  WaitIdle(*file);
  EXPECT_EQ(ReadWholeFile(dir_ / "out.log"), "after flush\n");

  WriteFile(dir_ / "closed.log", "old\n");
  flushed.reset();
  registry_.Flush(dir_ / "closed.log", [&](Status s) { flushed = s; });
  ASSERT_TRUE(loop_.RunUntil([&] { return flushed.has_value(); }));
  EXPECT_TRUE(flushed->ok());
  EXPECT_EQ(ReadWholeFile(dir_ / "closed.log"), "");

  flushed.reset();
  registry_.Flush(dir_ / "missing.log", [&](Status s) { flushed = s; });
  ASSERT_TRUE(loop_.RunUntil([&] { return flushed.has_value(); }));
  EXPECT_EQ(flushed->code(), Code::kNotFound);
  EXPECT_NE(access((dir_ / "missing.log").c_str(), F_OK), 0);  // not created
}

TEST_F(LogFileTest, ReopenAfterExternalRename) {
  auto file = Open(dir_ / "out.log");
  file->Append("old 1\n");
  WaitIdle(*file);
  ASSERT_EQ(rename((dir_ / "out.log").c_str(), (dir_ / "out.log.1").c_str()), 0);
  file->Append("old 2\n");  // still goes to the renamed file, as logrotate expects
  registry_.ReopenAll();
  file->Append("new 1\n");
  WaitIdle(*file);
  EXPECT_EQ(ReadWholeFile(dir_ / "out.log.1"), "old 1\nold 2\n");
  EXPECT_EQ(ReadWholeFile(dir_ / "out.log"), "new 1\n");
}

TEST_F(LogFileTest, IntervalRotationWhenThePeriodChanges) {
  auto file = Open(dir_ / "out.log", RotationOptions{0, "hourly", 0, false});
  file->Append("hour one\n");
  WaitIdle(*file);
  registry_.RotateDueFiles(NowMillis());  // same hour: nothing
  file->Append("still hour one\n");
  WaitIdle(*file);
  EXPECT_EQ(file->stats().rotations, 0u);
  registry_.RotateDueFiles(NowMillis() + 3600 * 1000);
  file->Append("hour two\n");
  WaitIdle(*file);
  EXPECT_EQ(file->stats().rotations, 1u);
  const auto rotated = ListRotated(dir_ / "out.log");
  ASSERT_EQ(rotated.size(), 1u);
  EXPECT_EQ(ReadWholeFile(rotated[0]), "hour one\nstill hour one\n");
  EXPECT_EQ(ReadWholeFile(dir_ / "out.log"), "hour two\n");
}

std::string Gunzip(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) return "<cannot open " + path + ">";
  std::string out;
  char buf[65536];
  int n;
  while ((n = gzread(gz, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  gzclose(gz);
  return out;
}

// Lines appended in bursts while rotations happen: the rotated files and the
// current one hold every line once, in order; retain keeps the newest files.
TEST_F(LogFileTest, SizeRotationLosesNothingAndRetainsTheNewest) {
  const std::string path = dir_ / "app-out.log";
  auto file = Open(path, RotationOptions{4096, "", 0, true});
  std::string expected;
  for (int burst = 0; burst < 40; ++burst) {
    for (int i = 0; i < 100; ++i) {
      const std::string line =
          "burst " + std::to_string(burst) + " line " + std::to_string(i) + "\n";
      file->Append(line);
      expected += line;
    }
    loop_.RunUntil([] { return false; }, 5);  // let writes and rotations interleave
  }
  WaitIdle(*file);
  file.reset();  // housekeeping keeps the file alive until compression is done
  ASSERT_TRUE(loop_.RunUntil([&] {
    for (const auto& name : ListRotated(path)) {
      if (name.size() < 3 || name.compare(name.size() - 3, 3, ".gz") != 0) return false;
    }
    return registry_.OpenPaths().empty();
  }));
  std::string all;
  const auto rotated = ListRotated(path);
  EXPECT_GE(rotated.size(), 10u);
  for (const auto& name : rotated)
    all += Gunzip(name);
  all += ReadWholeFile(path);
  EXPECT_EQ(all.size(), expected.size());
  EXPECT_TRUE(all == expected) << "content differs";

  auto again = Open(path, RotationOptions{1, "", 3, false});
  again->Append("one more\n");
  WaitIdle(*again);
  again->Append("and another\n");
  WaitIdle(*again);
  again.reset();
  ASSERT_TRUE(loop_.RunUntil([&] { return registry_.OpenPaths().empty(); }));
  EXPECT_EQ(ListRotated(path).size(), 3u);
}

}  // namespace
}  // namespace tend

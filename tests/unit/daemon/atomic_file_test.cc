#include "daemon/persist/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/support/scoped_umask.h"
#include "tests/unit/daemon/atomic_file_test_support.h"

namespace tend {
namespace {

using test::ReadWholeFile;
using test::ScopedUmask;
using test::TempDir;
using testing::FileExists;
using testing::FileMode;
using testing::ListWithPrefix;
using testing::WriteFileForTest;

TEST(AtomicFileTest, WritesContentsWithExactModeWhateverTheUmask) {
  TempDir dir;
  {
    ScopedUmask loose(0);
    ASSERT_TRUE(WriteFileAtomically(dir.File("a"), "secret", AtomicWriteOptions{}).ok());
  }
  EXPECT_EQ(ReadWholeFile(dir.File("a")), "secret");
  EXPECT_EQ(FileMode(dir.File("a")), 0600u);

  ScopedUmask strict(077);
  AtomicWriteOptions readable;
  readable.mode = 0644;
  ASSERT_TRUE(WriteFileAtomically(dir.File("b"), "public", readable).ok());
  EXPECT_EQ(FileMode(dir.File("b")), 0644u);
}

// The backup is what the last write wrote, not the write before: a damaged file
// then loses nothing (it once lost the last change).
TEST(AtomicFileTest, ReplacesTheFileAndWritesTheSameContentsToTheBackup) {
  TempDir dir;
  AtomicWriteOptions opts;
  opts.keep_backup = true;
  const std::string path = dir.File("state.json");
  ASSERT_TRUE(WriteFileAtomically(path, "one", opts).ok());
  EXPECT_EQ(ReadWholeFile(BackupPathFor(path)), "one");  // from the first write on
  ASSERT_TRUE(WriteFileAtomically(path, "two", opts).ok());
  ASSERT_TRUE(WriteFileAtomically(path, "three", opts).ok());
  EXPECT_EQ(ReadWholeFile(path), "three");
  EXPECT_EQ(ReadWholeFile(path + ".bak"), "three");
  EXPECT_EQ(FileMode(path + ".bak"), 0600u);
  // A copy of its own: damage done to one file in place leaves the other whole.
  struct stat a {
  }, b{};
  ASSERT_EQ(::stat(path.c_str(), &a), 0);
  ASSERT_EQ(::stat((path + ".bak").c_str(), &b), 0);
  EXPECT_NE(a.st_ino, b.st_ino);
  WriteFileForTest(path, "garbage");
  EXPECT_EQ(ReadWholeFile(path + ".bak"), "three");
  // Nothing but the file and its backup is left behind.
  EXPECT_EQ(ListWithPrefix(dir.path(), "state.json").size(), 2u);
}

TEST(AtomicFileTest, WithoutBackupNoBakFileAppears) {
  TempDir dir;
  const std::string path = dir.File("s");
  ASSERT_TRUE(WriteFileAtomically(path, "1", AtomicWriteOptions{}).ok());
  ASSERT_TRUE(WriteFileAtomically(path, "2", AtomicWriteOptions{}).ok());
  EXPECT_EQ(ReadWholeFile(path), "2");
  EXPECT_FALSE(FileExists(path + ".bak"));
}

TEST(AtomicFileTest, RemovesTempFilesLeftByDeadWriters) {
  TempDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);  // `child` is now a dead pid
  const std::string stale = dir.File("s.tmp-" + std::to_string(child));
  const std::string mine = dir.File("s.tmp-" + std::to_string(::getpid()));
  const std::string unrelated = dir.File("s.tmp-notapid");
  WriteFileForTest(stale, "half");
  WriteFileForTest(mine, "half");
  WriteFileForTest(unrelated, "keep");

  ASSERT_TRUE(WriteFileAtomically(dir.File("s"), "whole", AtomicWriteOptions{}).ok());
  EXPECT_EQ(ReadWholeFile(dir.File("s")), "whole");
  EXPECT_FALSE(FileExists(stale));
  EXPECT_FALSE(FileExists(mine));
  EXPECT_TRUE(FileExists(unrelated));
}

TEST(AtomicFileTest, RemovesTempFilesOfWritersThatAreUnreapedZombies) {
  TempDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  // Not reaped yet: kill(child, 0) still succeeds, as under a PID 1 that never reaps.
  siginfo_t info{};
  ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  const std::string stale = dir.File("z.tmp-" + std::to_string(child));
  WriteFileForTest(stale, "half");
  ASSERT_TRUE(WriteFileAtomically(dir.File("z"), "whole", AtomicWriteOptions{}).ok());
  EXPECT_FALSE(FileExists(stale));
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
}

TEST(AtomicFileTest, FailsNamingThePathWhenTheDirectoryIsMissing) {
  TempDir dir;
  const std::string path = dir.File("no/such/dir/file");
  const Status s = WriteFileAtomically(path, "x", AtomicWriteOptions{});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find(dir.File("no/such/dir")), std::string::npos) << s.ToString();
}

TEST(AtomicFileTest, CrashPointExitsOnlyWhenNamed) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::setenv("TEND_TEST_CRASH_AT", "x:here", 1);
    CrashPointForTest("x:elsewhere");
    CrashPointForTest("x:here");
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 77);
}

}  // namespace
}  // namespace tend

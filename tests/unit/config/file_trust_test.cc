// Which files tend trusts: a regular file of its own user that nobody else may write.
#include "config/file_trust.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

using test::TempDir;

std::string WritePrivate(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir.Write(name, bytes);
  ::chmod(path.c_str(), 0600);
  return path;
}

TEST(FileTrustTest, ReadsTheBytesOfAPrivateRegularFileOrNotFound) {
  TempDir dir;
  const std::string bytes("a\0b\xff\n", 5);
  auto read = ReadTrustedFile(WritePrivate(dir, "f", bytes), "dump");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, bytes);
  auto missing = ReadTrustedFile(dir.File("missing"), "dump");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
}

TEST(FileTrustTest, AFifoIsRefusedAtOnceNamingIt) {
  TempDir dir;
  const std::string fifo = dir.File("dump.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto t0 = std::chrono::steady_clock::now();
  auto read = ReadTrustedFile(fifo, "dump");  // a blocking open would never return
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            "dump " + fifo + " is a FIFO; tend reads only a regular file there: remove it");
  EXPECT_FALSE(IsUntrustedFile(read.status()));
}

TEST(FileTrustTest, ADirectoryOrALinkIsRefused) {
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.File("d").c_str(), 0700), 0);
  auto read = ReadTrustedFile(dir.File("d"), "settings file");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("is a directory"), std::string::npos);
  const std::string target = WritePrivate(dir, "real", "{}");
  ASSERT_EQ(::symlink(target.c_str(), dir.File("link").c_str()), 0);
  read = ReadTrustedFile(dir.File("link"), "settings file");
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("is a symbolic link"), std::string::npos);
}

TEST(FileTrustTest, AFileItsGroupOrOthersMayWriteIsRefusedWithTheFix) {
  TempDir dir;
  const std::string path = WritePrivate(dir, "dump.json", "{}");
  for (mode_t mode : {0620, 0602, 0666}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto read = ReadTrustedFile(path, "dump");
    ASSERT_FALSE(read.ok()) << std::oct << mode;
    EXPECT_TRUE(IsUntrustedFile(read.status()));
    EXPECT_NE(read.status().message().find("run 'chmod go-w " + path + "'"), std::string::npos)
        << read.status().message();
  }
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);  // readable by others is no threat to us
  EXPECT_TRUE(ReadTrustedFile(path, "dump").ok());
}

TEST(FileTrustTest, AnotherOwnerIsRefusedNamingBothUids) {
  struct stat st {};
  st.st_mode = S_IFDIR | 0700;
  st.st_uid = 65534;
  const Status s = CheckTrustedMode(st, "/srv/home", "home", 0);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(IsUntrustedFile(s));
  EXPECT_NE(s.message().find("home /srv/home belongs to uid 65534, not to uid 0"),
            std::string::npos)
      << s.message();
  st.st_uid = 0;
  EXPECT_TRUE(CheckTrustedMode(st, "/srv/home", "home", 0).ok());
}

// The child's side of TheOsRefusingToOpenIsNotCalledUntrusted: the file to read.
constexpr char kUnreadableFileEnv[] = "TEND_TEST_UNREADABLE_FILE";

std::string ThisTestBinary() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

// `command`'s output (stdout and stderr) and its exit code, -1 when it did not exit.
std::pair<std::string, int> RunShell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {"popen failed", -1};
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    out.append(buf, n);
  const int status = ::pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// A file the OS will not open for this user: the open's own error, not tend's
// refusal, so a resurrect says "cannot open" and never "belongs to uid ...".
void ExpectTheOsRefusesToOpen(const std::string& path) {
  auto read = ReadTrustedFile(path, "dump");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(read.status().os_error(), EACCES);
  EXPECT_FALSE(IsUntrustedFile(read.status()));
  EXPECT_EQ(read.status().message(), "cannot open dump " + path + ": Permission denied");
}

TEST(FileTrustTest, TheOsRefusingToOpenIsNotCalledUntrusted) {
  if (const char* path = std::getenv(kUnreadableFileEnv)) {  // the child, as uid 65534
    ExpectTheOsRefusesToOpen(path);
    return;
  }
  TempDir dir;
  const std::string path = WritePrivate(dir, "dump.json", "{}");
  if (::geteuid() != 0) {
    ASSERT_EQ(::chmod(path.c_str(), 0), 0);
    ExpectTheOsRefusesToOpen(path);
    return;
  }
  // Root opens any file, so this test runs again in this binary as uid 65534, on
  // root's 0600 file: were it opened, the trust check would say "belongs to uid 0".
  ASSERT_EQ(::chmod(dir.path().c_str(), 0711), 0);
  const std::string self = ThisTestBinary();
  ASSERT_FALSE(self.empty());
  const auto [out, code] = RunShell(
      std::string("/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/env ") +
      "-u GTEST_OUTPUT ASAN_OPTIONS=detect_leaks=0 " + kUnreadableFileEnv + "=" + path + " " +
      self + " --gtest_filter=FileTrustTest.TheOsRefusingToOpenIsNotCalledUntrusted");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("[  PASSED  ] 1 test."), std::string::npos) << out;
}

}  // namespace
}  // namespace tend

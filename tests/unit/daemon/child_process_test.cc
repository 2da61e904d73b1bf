#include "daemon/os/child_process.h"

#include <gtest/gtest.h>
#include <uv.h>

#include <cerrno>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

// Spawn failures as the user meets them: the code (the wire's, hence the CLI's exit
// code), the errno behind it, and the message naming what to fix.
class ChildProcessSpawnTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(uv_loop_init(&loop_), 0); }
  void TearDown() override {
    uv_run(&loop_, UV_RUN_DEFAULT);  // the failed spawn's close callback
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  Status SpawnFails(const SpawnOptions& options) {
    auto child = ChildProcess::Spawn(&loop_, options, nullptr);
    EXPECT_FALSE(child.ok());
    return child.ok() ? Status::Ok() : child.status();
  }
  uv_loop_t loop_{};
  test::TempDir dir_;
};

TEST_F(ChildProcessSpawnTest, NotExecutableIsPermissionDenied) {
  SpawnOptions options;
  options.argv = {dir_.Write("plain.bin", "not a program\n")};
  Status s = SpawnFails(options);
  EXPECT_EQ(s.code(), Code::kPermissionDenied) << s.ToString();
  EXPECT_EQ(s.os_error(), EACCES);
  EXPECT_EQ(s.message(),
            "cannot start " + options.argv[0] + ": permission denied (is it executable?)");
}

TEST_F(ChildProcessSpawnTest, MissingProgramIsNotFound) {
  SpawnOptions options;
  options.argv = {dir_.path() + "/no-such-program"};
  Status s = SpawnFails(options);
  EXPECT_EQ(s.code(), Code::kNotFound) << s.ToString();
  EXPECT_EQ(s.os_error(), ENOENT);
  EXPECT_EQ(s.message(), "cannot start " + options.argv[0] + ": no such file or program");
}

TEST_F(ChildProcessSpawnTest, CwdThatIsAFileIsNotFound) {
  SpawnOptions options;
  options.argv = {"/bin/true"};
  options.cwd = dir_.Write("a-file", "");
  Status s = SpawnFails(options);
  EXPECT_EQ(s.code(), Code::kNotFound) << s.ToString();
  EXPECT_EQ(s.os_error(), ENOTDIR);
  EXPECT_EQ(s.message(),
            "cannot start /bin/true: working directory " + options.cwd + " is not a directory");
}

}  // namespace
}  // namespace tend

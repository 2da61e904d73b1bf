#include "daemon/os/child_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <climits>
#include <string>

#include "daemon/os/exec_spawn.h"
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

// A spawned child as its parent sees it: how it ended and what it wrote to its stdout.
struct ChildRun {
  int64_t exit_status = -1;
  int term_signal = -1;
  std::string out;
};

class ChildProcessRunTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(uv_loop_init(&loop_), 0); }
  void TearDown() override { EXPECT_EQ(uv_loop_close(&loop_), 0); }

  // Runs `options` with stdout to a pipe until it exits (its output fits a pipe).
  ChildRun Run(SpawnOptions options) {
    int fds[2];
    EXPECT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    options.stdout_fd = fds[1];
    ChildRun run;
    auto child = ChildProcess::Spawn(&loop_, options, [&run](int64_t status, int signal) {
      run.exit_status = status;
      run.term_signal = signal;
    });
    ::close(fds[1]);
    EXPECT_TRUE(child.ok()) << child.status().ToString();
    uv_run(&loop_, UV_RUN_DEFAULT);
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0)
      run.out.append(buf, static_cast<size_t>(n));
    ::close(fds[0]);
    return run;
  }
  static SpawnOptions Shell(const std::string& script) {
    SpawnOptions options;
    options.argv = {"/bin/sh", "-c", script};
    return options;
  }
  uv_loop_t loop_{};
  test::TempDir dir_;
};

TEST_F(ChildProcessRunTest, ReportsTheExitCodeOrTheSignal) {
  ChildRun exited = Run(Shell("exit 7"));
  EXPECT_EQ(exited.exit_status, 7);
  EXPECT_EQ(exited.term_signal, 0);
  ChildRun killed = Run(Shell("kill -TERM $$"));
  EXPECT_EQ(killed.exit_status, 0);
  EXPECT_EQ(killed.term_signal, SIGTERM);
}

// The daemon ignores SIGPIPE and blocks signals around a spawn; an app must start with
// every signal at its default and none blocked, in a session of its own.
TEST_F(ChildProcessRunTest, StartsWithDefaultSignalsInItsOwnSession) {
  struct sigaction ignore {
  }, old_action{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGPIPE, &ignore, &old_action), 0);
  sigset_t usr1, old_mask;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  ASSERT_EQ(::pthread_sigmask(SIG_BLOCK, &usr1, &old_mask), 0);
  ChildRun run =
      Run(Shell("grep -E '^Sig(Ign|Blk)' /proc/self/status; "
                "echo sid $(cut -d' ' -f6 /proc/$$/stat) pid $$"));
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::sigaction(SIGPIPE, &old_action, nullptr);
  EXPECT_NE(run.out.find("SigBlk:\t0000000000000000\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("SigIgn:\t0000000000000000\n"), std::string::npos) << run.out;
  const size_t sid_at = run.out.find("sid ");
  ASSERT_NE(sid_at, std::string::npos) << run.out;
  const std::string sid = run.out.substr(sid_at + 4, run.out.find(' ', sid_at + 4) - sid_at - 4);
  EXPECT_NE(run.out.find("sid " + sid + " pid " + sid + "\n"), std::string::npos) << run.out;
}

// A descriptor handed over at a number that an earlier one lands on (here the test's own
// stderr, fd 2, passed as the child's fd 3 while the child's fd 2 is a pipe) still
// reaches the child as itself.
TEST_F(ChildProcessRunTest, PassesDescriptorsWhoseNumbersOverlapTheTargets) {
  int err_pipe[2];
  ASSERT_EQ(::pipe2(err_pipe, O_CLOEXEC), 0);
  SpawnOptions options = Shell("readlink /proc/self/fd/2 /proc/self/fd/3");
  options.stderr_fd = err_pipe[1];
  options.extra_fds = {2};
  ChildRun run = Run(options);
  ::close(err_pipe[0]);
  ::close(err_pipe[1]);
  char own_stderr[PATH_MAX] = {};
  ASSERT_GT(::readlink("/proc/self/fd/2", own_stderr, sizeof own_stderr - 1), 0);
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')).rfind("pipe:[", 0), 0u) << run.out;
  EXPECT_EQ(run.out.substr(run.out.find('\n') + 1), std::string(own_stderr) + "\n") << run.out;
}

// PATH is the child's (its env), as execvp did; a file without #! runs through /bin/sh.
TEST_F(ChildProcessRunTest, FindsTheProgramInTheChildsPathAndRunsAScriptWithoutShebang) {
  dir_.Write("bin/tend-no-shebang", "echo ran $0 with $1\n", /*executable=*/true);
  SpawnOptions options;
  options.argv = {"tend-no-shebang", "arg"};
  options.env = {{"PATH", "/nonexistent:" + dir_ / "bin"}};
  ChildRun run = Run(options);
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_EQ(run.out, "ran " + dir_ / "bin/tend-no-shebang" + " with arg\n");
}

TEST(FindProgram, SearchesEachEntryAndTakesPathsAsTheyAre) {
  EXPECT_EQ(FindProgram("sh", "/nonexistent:/bin"), "/bin/sh");
  EXPECT_EQ(FindProgram("./x", "/bin"), "./x");
  EXPECT_EQ(FindProgram("no-such-program-anywhere", "/bin:/usr/bin"), "");
  EXPECT_EQ(FindProgram("proc", "/"), "");  // a directory is no program
}

}  // namespace
}  // namespace tend

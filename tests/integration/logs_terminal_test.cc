// `tend logs` on a terminal shows an app's control characters escaped, as journalctl
// does, so an app cannot drive the user's terminal; `--raw` and a pipe keep its bytes.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// Runs `tend args...` with stdout and stderr on a pseudo-terminal (output processing off,
// so the bytes arrive as written) and answers what the terminal received.
std::string TendOnTerminal(TendHome& home, const std::vector<std::string>& args) {
  int master = -1;
  int slave = -1;
  if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    ADD_FAILURE() << "openpty failed";
    return "";
  }
  termios tio{};
  ::tcgetattr(slave, &tio);
  tio.c_oflag &= ~static_cast<tcflag_t>(OPOST);
  ::tcsetattr(slave, TCSANOW, &tio);
  std::vector<std::string> argv{TendBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargs;
  for (auto& a : argv)
    cargs.push_back(a.data());
  cargs.push_back(nullptr);
  const auto env = home.Env();
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& [k, v] : env)
      ::setenv(k.c_str(), v.c_str(), 1);
    ::setenv("NO_COLOR", "1", 1);
    ::unsetenv("FORCE_COLOR");
    ::dup2(slave, 1);
    ::dup2(slave, 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::close(master);
    ::execv(cargs[0], cargs.data());
    ::_exit(127);
  }
  ::close(slave);
  std::string seen;
  const auto deadline = std::chrono::steady_clock::now() + Scaled(std::chrono::seconds(30));
  for (;;) {
    pollfd pfd{master, POLLIN, 0};
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ADD_FAILURE() << "tend logs on a terminal did not end";
      break;
    }
    if (::poll(&pfd, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO: the last holder of the terminal's slave side is gone
    seen.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << seen;
  return seen;
}

class LogsOnATerminal : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string script = home_.WriteScript(
        "paint.sh",
        "#!/bin/sh\nprintf 'red \\033[31mX\\033[0m\\ttab \\007bell \\033]0;title\\007 end\\n'\n"
        "exec sleep 1000\n");
    ASSERT_TRUE(TendOk(home_, {"start", script, "-n", "paint"}));
    ASSERT_TRUE(WaitForText(AppLog(home_, "paint"), " end"));
  }
  TendHome home_;
  const std::string raw_ =
      "red \x1b[31mX\x1b[0m\ttab \x07"
      "bell \x1b]0;title\x07 end";
};

TEST_F(LogsOnATerminal, ControlCharactersAreEscapedTabsKept) {
  const std::string seen = TendOnTerminal(home_, {"logs", "paint", "--nostream", "--out"});
  EXPECT_EQ(seen, "0|paint      | red \\x1B[31mX\\x1B[0m\ttab \\x07bell \\x1B]0;title\\x07 end\n");
}

TEST_F(LogsOnATerminal, RawShowsTheBytesAsWritten) {
  const std::string seen = TendOnTerminal(home_, {"logs", "paint", "--nostream", "--out", "--raw"});
  EXPECT_EQ(seen, raw_ + "\n");
}

TEST_F(LogsOnATerminal, APipeGetsTheBytesAsWritten) {
  auto r = home_.Tend({"logs", "paint", "--nostream", "--out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0|paint      | " + raw_ + "\n");
}

}  // namespace
}  // namespace tend::test

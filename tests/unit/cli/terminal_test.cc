#include "cli/terminal.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace tend::cli {
namespace {

// Sets or unsets one environment variable for the life of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) {
      unsetenv(name);
    } else {
      setenv(name, value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// A pipe: what stdout is under `tend list | awk ...`.
class Pipe {
 public:
  Pipe() { EXPECT_EQ(pipe(fds_), 0); }
  ~Pipe() {
    close(fds_[0]);
    close(fds_[1]);
  }
  int write_end() const { return fds_[1]; }

 private:
  int fds_[2] = {-1, -1};
};

// A real pseudo-terminal with a chosen size: what stdout is in a terminal.
class PseudoTerminal {
 public:
  explicit PseudoTerminal(unsigned short columns) {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return;
    slave_ = open(ptsname(master_), O_RDWR | O_NOCTTY);
    struct winsize ws {};
    ws.ws_col = columns;
    ws.ws_row = 24;
    if (slave_ >= 0) ioctl(slave_, TIOCSWINSZ, &ws);
  }
  ~PseudoTerminal() {
    if (slave_ >= 0) close(slave_);
    if (master_ >= 0) close(master_);
  }
  int fd() const { return slave_; }

 private:
  int master_ = -1;
  int slave_ = -1;
};

class DetectTerminalTest : public ::testing::Test {
 protected:
  // A known baseline whatever the environment of the test runner.
  ScopedEnv no_color_{"NO_COLOR", nullptr};
  ScopedEnv force_color_{"FORCE_COLOR", nullptr};
  ScopedEnv term_{"TERM", "xterm-256color"};
  ScopedEnv columns_{"COLUMNS", nullptr};
};

TEST_F(DetectTerminalTest, PipeIsPlainUnlimitedAndColourless) {
  Pipe pipe;
  const TerminalInfo info = DetectTerminal(pipe.write_end());
  EXPECT_FALSE(info.is_tty);
  EXPECT_FALSE(info.color);
  EXPECT_EQ(info.columns, kUnlimitedColumns);
}

TEST_F(DetectTerminalTest, PipeTakesColumnsFromTheEnvironment) {
  ScopedEnv columns("COLUMNS", "132");
  Pipe pipe;
  EXPECT_EQ(DetectTerminal(pipe.write_end()).columns, 132);
}

TEST_F(DetectTerminalTest, TerminalHasItsWindowWidthAndColour) {
  PseudoTerminal pty(97);
  ASSERT_GE(pty.fd(), 0) << "cannot open a pseudo-terminal";
  const TerminalInfo info = DetectTerminal(pty.fd());
  EXPECT_TRUE(info.is_tty);
  EXPECT_EQ(info.columns, 97);
  EXPECT_TRUE(info.color);
}

// What DetectTerminal sees on a fresh pseudo-terminal of 80 columns.
TerminalInfo DetectOnATerminal() {
  PseudoTerminal pty(80);
  EXPECT_GE(pty.fd(), 0) << "no pseudo-terminal";
  return DetectTerminal(pty.fd());
}

TEST_F(DetectTerminalTest, NoColorTurnsColourOffOnATerminal) {
  ScopedEnv no_color("NO_COLOR", "1");
  const TerminalInfo info = DetectOnATerminal();
  EXPECT_TRUE(info.is_tty);
  EXPECT_FALSE(info.color);
}

TEST_F(DetectTerminalTest, EmptyNoColorIsIgnored) {
  ScopedEnv no_color("NO_COLOR", "");
  EXPECT_TRUE(DetectOnATerminal().color);
}

TEST_F(DetectTerminalTest, DumbTerminalHasNoColour) {
  ScopedEnv term("TERM", "dumb");
  EXPECT_FALSE(DetectOnATerminal().color);
}

TEST_F(DetectTerminalTest, ForceColorWinsEvenOnAPipeAndOverNoColor) {
  ScopedEnv force("FORCE_COLOR", "1");
  ScopedEnv no_color("NO_COLOR", "1");
  Pipe pipe;
  const TerminalInfo info = DetectTerminal(pipe.write_end());
  EXPECT_FALSE(info.is_tty);
  EXPECT_TRUE(info.color);
}

TEST_F(DetectTerminalTest, ForceColorZeroTurnsColourOff) {
  ScopedEnv force("FORCE_COLOR", "0");
  EXPECT_FALSE(DetectOnATerminal().color);
}

}  // namespace
}  // namespace tend::cli

#include "daemon/persist/survivor_reaper.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>

#include "daemon/os/proc_stat.h"
#include "tests/support/wait_for.h"

namespace tend {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

bool IsRunning(pid_t pid, uint64_t start_time) {
  auto st = ReadProcStatOnly(kProcRoot, pid);
  return st.ok() && st->start_time_ticks == start_time && !IsDeadState(st->state);
}

uint64_t StartTimeOf(pid_t pid) {
  auto st = ReadProcStatOnly(kProcRoot, pid);
  EXPECT_TRUE(st.ok()) << st.status().ToString();
  return st.ok() ? st->start_time_ticks : 0;
}

// Kills a process this test started (by pid, only while it is still the same
// process) and reaps it when it is our child.
class ProcessGuard {
 public:
  ProcessGuard(pid_t pid, bool our_child)
      : pid_(pid), start_time_(StartTimeOf(pid)), our_child_(our_child) {}
  ~ProcessGuard() {
    if (IsRunning(pid_, start_time_)) ::kill(pid_, SIGKILL);
    if (our_child_ && !reaped_) ::waitpid(pid_, nullptr, 0);
  }
  ProcessGuard(const ProcessGuard&) = delete;
  ProcessGuard& operator=(const ProcessGuard&) = delete;

  pid_t pid() const { return pid_; }
  uint64_t start_time() const { return start_time_; }
  // Reaps our child and returns its wait status.
  int Reap() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return status;
  }

 private:
  pid_t pid_;
  uint64_t start_time_;
  bool our_child_;
  bool reaped_ = false;
};

// Starts `sh -c script` as the leader of a new session (as the daemon starts
// apps), its stdout on a pipe; returns the pid and sets *out to the read end.
pid_t StartShellInNewSession(const char* script, int* out) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setsid();
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl("/bin/sh", "sh", "-c", script, static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  *out = fds[0];
  return pid;
}

// The first line the child prints, waiting at most 10 s for it.
std::string ReadLine(int fd) {
  std::string line;
  const auto deadline = Clock::now() + 10s;
  char c = 0;
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    if (::read(fd, &c, 1) != 1 || c == '\n') break;
    line += c;
  }
  return line;
}

// A survivor group: `sh` leading its session, with a background sleep in it.
struct SurvivorGroup {
  std::unique_ptr<ProcessGuard> shell;
  std::unique_ptr<ProcessGuard> background;
};

SurvivorGroup StartSurvivorGroup(const char* script) {
  int out = -1;
  const pid_t sh = StartShellInNewSession(script, &out);
  EXPECT_GT(sh, 0);
  SurvivorGroup g;
  g.shell = std::make_unique<ProcessGuard>(sh, /*our_child=*/true);
  const std::string bg = ReadLine(out);  // printed once the session is set up
  ::close(out);
  EXPECT_FALSE(bg.empty());
  const pid_t bg_pid = static_cast<pid_t>(std::strtol(bg.c_str(), nullptr, 10));
  if (bg_pid > 0) g.background = std::make_unique<ProcessGuard>(bg_pid, /*our_child=*/false);
  return g;
}

TEST(SurvivorReaperTest, StopsTheWholeGroupOfASurvivorWhoseStartTimeMatches) {
  SurvivorGroup g = StartSurvivorGroup("sleep 100 & echo $!; sleep 100");
  ASSERT_TRUE(g.background);
  ASSERT_EQ(ReadProcStatOnly(kProcRoot, g.background->pid())->pgrp, g.shell->pid());

  const auto started = Clock::now();
  auto stopped = StopSurvivors({{g.shell->pid(), g.shell->pid(), g.shell->start_time()}}, 5s);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(*stopped, 1);
  EXPECT_LT(Clock::now() - started, 5s);  // SIGTERM was enough: no wait for the timeout

  EXPECT_FALSE(IsRunning(g.background->pid(), g.background->start_time()));
  const int status = g.shell->Reap();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
}

TEST(SurvivorReaperTest, KillsAGroupThatIgnoresSigtermOnceTheTimeoutPasses) {
  SurvivorGroup g = StartSurvivorGroup("trap '' TERM; sleep 100 & echo $!; sleep 100");
  ASSERT_TRUE(g.background);
  const auto started = Clock::now();
  auto stopped = StopSurvivors({{g.shell->pid(), g.shell->pid(), g.shell->start_time()}}, 300ms);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(*stopped, 1);
  EXPECT_GE(Clock::now() - started, 300ms);
  EXPECT_FALSE(IsRunning(g.background->pid(), g.background->start_time()));
  const int status = g.shell->Reap();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
}

TEST(SurvivorReaperTest, NeverTouchesAProcessWhoseStartTimeDiffers) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setpgid(0, 0);
    ::execlp("sleep", "sleep", "100", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ProcessGuard sleeper(pid, /*our_child=*/true);
  const auto started = Clock::now();
  auto stopped = StopSurvivors({{pid, pid, sleeper.start_time() + 1},  // a reused pid
                                {pid, pid, 0}},                        // identity unknown
                               5s);
  ASSERT_TRUE(stopped.ok()) << stopped.status().ToString();
  EXPECT_EQ(*stopped, 0);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_TRUE(IsRunning(pid, sleeper.start_time()));
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), 0);  // not even briefly stopped or killed
}

TEST(SurvivorReaperTest, ExitedProcessesAreNotSurvivors) {
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) ::_exit(0);
  const uint64_t start_time = StartTimeOf(pid);
  // Wait until it is a zombie, not yet reaped.
  ASSERT_TRUE(test::WaitFor([&] { return !IsRunning(pid, start_time); }));
  auto zombie = StopSurvivors({{pid, pid, start_time}}, 5s);
  ASSERT_TRUE(zombie.ok());
  EXPECT_EQ(*zombie, 0);
  ASSERT_EQ(::waitpid(pid, nullptr, 0), pid);
  auto gone = StopSurvivors({{pid, pid, start_time}}, 5s);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 0);
}

TEST(SurvivorReaperTest, NeverSignalsItselfOrItsOwnGroup) {
  const uint64_t me = StartTimeOf(::getpid());
  auto stopped = StopSurvivors({{::getpid(), ::getpgrp(), me}}, 100ms);
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(*stopped, 0);
}

TEST(SurvivorReaperTest, RecordsComeFromDumpedProcessesThatHadAChild) {
  Dump dump;
  dump.processes.resize(3);
  dump.processes[0].pid = 10;
  dump.processes[0].pgid = 10;
  dump.processes[0].start_time = 555;
  dump.processes[1].pid = 0;  // stopped: no child
  dump.processes[2].pid = 12;
  dump.processes[2].start_time = 0;  // identity unknown: never a survivor
  const auto records = SurvivorRecordsOf(dump);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].pid, 10);
  EXPECT_EQ(records[0].pgid, 10);
  EXPECT_EQ(records[0].start_time, 555u);
}

}  // namespace
}  // namespace tend

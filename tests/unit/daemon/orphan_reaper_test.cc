// OrphanReaper with real processes: an orphan this process inherits as a subreaper is
// reaped; a child libuv owns is never waited for (its exit status would be lost).
#include "daemon/os/orphan_reaper.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace tend {
namespace {

bool IsZombieChild(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid;
}

// Forks a child that forks a grandchild and exits at once; returns the grandchild, which
// this process (a subreaper) inherits. The grandchild exits after `linger_ms`.
pid_t MakeOrphan(int linger_ms) {
  int fds[2];
  if (::pipe(fds) != 0) return -1;
  const pid_t child = ::fork();
  if (child == 0) {
    const pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::usleep(static_cast<useconds_t>(linger_ms) * 1000);
      ::_exit(0);
    }
    (void)::write(fds[1], &grandchild, sizeof grandchild);
    ::_exit(0);
  }
  pid_t grandchild = -1;
  (void)::read(fds[0], &grandchild, sizeof grandchild);
  ::close(fds[0]);
  ::close(fds[1]);
  ::waitpid(child, nullptr, 0);
  return grandchild;
}

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

TEST(OrphanReaper, ReapsAnInheritedOrphanAndNeverAChildLibuvOwns) {
  ASSERT_TRUE(BecomeChildSubreaper().ok());
  uv_loop_t loop;
  uv_loop_init(&loop);
  OrphanReaper reaper(&loop);

  const pid_t orphan = MakeOrphan(0);
  ASSERT_GT(orphan, 0);
  // A child "libuv owns": spawned by us and noted as such.
  const pid_t owned = ::fork();
  if (owned == 0) ::_exit(7);
  NoteSpawnedPid(owned);
  ASSERT_TRUE(WaitUntil([&] { return IsZombieChild(orphan) && IsZombieChild(owned); }));

  EXPECT_GE(reaper.ReapNow(), 1);
  EXPECT_FALSE(IsZombieChild(orphan)) << "the orphan was not reaped";
  EXPECT_TRUE(IsZombieChild(owned)) << "a child libuv owns was reaped by the orphan reaper";

  int status = 0;
  ASSERT_EQ(::waitpid(owned, &status, 0), owned);  // its owner still gets its status
  EXPECT_EQ(WEXITSTATUS(status), 7);
  NoteReapedPid(owned);
  reaper.Close();
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
}

TEST(OrphanReaper, SigchldOnTheLoopReapsWithoutBeingAsked) {
  ASSERT_TRUE(BecomeChildSubreaper().ok());
  uv_loop_t loop;
  uv_loop_init(&loop);
  OrphanReaper reaper(&loop);
  ASSERT_TRUE(reaper.Start().ok());
  const pid_t orphan = MakeOrphan(50);
  ASSERT_GT(orphan, 0);
  // Run the loop until the orphan is gone (reaped on its SIGCHLD) or 5 s pass.
  for (int i = 0; i < 500 && ::kill(orphan, 0) == 0; ++i)
    uv_run(&loop, UV_RUN_NOWAIT), std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_NE(::kill(orphan, 0), 0) << "orphan " << orphan << " is still a zombie";
  reaper.Close();
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
}

}  // namespace
}  // namespace tend

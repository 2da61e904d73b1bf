#pragma once
// OrphanReaper: a child subreaper (prctl PR_SET_CHILD_SUBREAPER), or PID 1, inherits every
// orphaned descendant of its apps. libuv reaps only the pids it spawned, so this reaps the
// others as they exit, and never waits for a pid libuv owns (its exit would be lost).

#include <sys/types.h>
#include <uv.h>

#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

// The pids this process spawned through libuv and libuv has not reaped yet: ChildProcess
// notes each at spawn and at exit. Only the loop's thread calls these.
void NoteSpawnedPid(pid_t pid);
void NoteReapedPid(pid_t pid);
bool IsSpawnedPid(pid_t pid);

// Makes this process the reaper of its descendants' orphans (Linux >= 3.4).
Status BecomeChildSubreaper();

// The children of this process (every thread's, zombies included) under `proc_root`.
std::vector<pid_t> ChildrenOfSelf(const std::string& proc_root);

class OrphanReaper {
 public:
  explicit OrphanReaper(uv_loop_t* loop);
  ~OrphanReaper();
  OrphanReaper(const OrphanReaper&) = delete;
  OrphanReaper& operator=(const OrphanReaper&) = delete;

  // Watches SIGCHLD beside libuv's own watcher; Close() before the loop ends.
  Status Start();
  void Close();
  // Reaps every exited child libuv does not own; the number reaped.
  int ReapNow();

 private:
  uv_loop_t* loop_;
  uv_signal_t* signal_ = nullptr;
};

}  // namespace tend

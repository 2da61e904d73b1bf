#pragma once
// The umask is one per process and a child takes it at clone, and posix_spawn
// has no attribute for it: so ChildProcess sets an app's umask around
// posix_spawn and puts the daemon's back at once. Files the thread pool creates at
// that instant (a log file at rotation or reopen, a .gz) must not take the app's
// umask: their creation holds the same lock, so each sees the daemon's.

#include <sys/types.h>

#include <mutex>

namespace tend {

// Held while a file is created outside the loop thread: the umask is the daemon's
// for as long as the returned lock lives.
std::unique_lock<std::mutex> HoldDaemonUmask();

// For a spawn: sets `mask` (when >= 0) until destroyed, under the same lock. On the loop only.
class ScopedChildUmask {
 public:
  explicit ScopedChildUmask(int mask);
  ~ScopedChildUmask();
  ScopedChildUmask(const ScopedChildUmask&) = delete;
  ScopedChildUmask& operator=(const ScopedChildUmask&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
  bool set_ = false;
  mode_t old_ = 0;
};

}  // namespace tend

#pragma once
// HomeLock: the lock that makes one daemon serve one $TEND_HOME. Held for the
// daemon's whole life (flock on tendd.lock, released by the kernel when the
// process dies, so a crash never leaves a stale lock), plus tendd.pid for people.

#include <string>

#include "config/home_layout.h"
#include "config/status.h"

namespace tend {

class HomeLock {
 public:
  // AlreadyExists (naming the holder's pid) when another daemon holds it.
  static Result<HomeLock> Acquire(const HomeLayout& home);
  HomeLock(HomeLock&& other) noexcept : fd_(other.fd_), pid_path_(std::move(other.pid_path_)) {
    other.fd_ = -1;
  }
  HomeLock& operator=(HomeLock&&) = delete;
  HomeLock(const HomeLock&) = delete;
  ~HomeLock();

  // Writes our pid to tendd.pid (after daemonizing, when the pid is final).
  Status WritePidFile() const;

 private:
  HomeLock(int fd, std::string pid_path) : fd_(fd), pid_path_(std::move(pid_path)) {}
  int fd_;
  std::string pid_path_;
};

}  // namespace tend

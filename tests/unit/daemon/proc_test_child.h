#pragma once
// Test-only: real child processes for the /proc and metrics tests. Each child
// leads its own process group; the destructor SIGKILLs that group and reaps the
// child by pid, so no test leaves a process behind, whatever path it takes.

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/wait_for.h"

namespace tend::proctest {

class TestChild {
 public:
  // fork + execv(argv[0]); the child exits 127 when exec fails.
  static TestChild Exec(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& arg : argv)
      args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
    ::setpgid(pid, pid);  // also here, so a Kill() right after fork reaches the group
    return TestChild(pid);
  }

  // fork and run `body` in the child, then _exit(0). Keep `body` to simple
  // system calls: the child is a copy of a possibly multi-threaded process.
  static TestChild Fork(const std::function<void()>& body) {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      body();
      ::_exit(0);
    }
    ::setpgid(pid, pid);
    return TestChild(pid);
  }

  TestChild(TestChild&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}
  TestChild& operator=(TestChild&&) = delete;
  ~TestChild() { Kill(); }

  pid_t pid() const { return pid_; }

  // Waits for the child to exit by itself and returns its wait status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  // SIGKILL to the child's group, then reap the child itself.
  void Kill() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

 private:
  explicit TestChild(pid_t pid) : pid_(pid) {}
  pid_t pid_;
};

}  // namespace tend::proctest

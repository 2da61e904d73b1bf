#pragma once
// Shared by the log pipeline tests: a loop run until a
// condition holds (with a deadline, never a bare sleep) and children spawned
// with their stdout/stderr on a ProcessOutput's pipes.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <uv.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/slowdown.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_lines.h"

namespace tend::logtest {

// "" when missing. (Plain read(2): istreambuf_iterator trips GCC 12's
// -Wnull-dereference at -O2.)
inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

using test::SplitLines;

// A loop that wakes at least every 20 ms, so RunUntil can check its deadline.
class TestLoop {
 public:
  TestLoop() {
    uv_loop_init(&loop_);
    uv_timer_init(&loop_, &tick_);
    uv_timer_start(
        &tick_, [](uv_timer_t*) {}, 20, 20);
  }
  ~TestLoop() {
    uv_close(reinterpret_cast<uv_handle_t*>(&tick_), nullptr);
    // Let pending closes and thread-pool work finish, then close. Bounded by time, not by
    // turns: a write still on the pool when the loop's memory is freed would have the pool
    // thread lock a mutex in whatever is allocated there next (TSan saw it once fixtures
    // were torn down faster).
    const auto deadline = std::chrono::steady_clock::now() + test::Scaled(std::chrono::seconds(10));
    int turns = 0;
    while (uv_loop_close(&loop_) == UV_EBUSY) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << "the test loop still has handles or requests at its deadline";
        return;
      }
      uv_run(&loop_, UV_RUN_NOWAIT);
      if (++turns > 1000)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // yield the pool
    }
  }
  uv_loop_t* get() { return &loop_; }

  // Runs the loop until `done()` is true; false if `timeout_ms` passed first. Default:
  // 30 s times the build's slowdown (a TSan build pushes the same lines 80 times slower);
  // a value given is used as is, for "run the loop this long".
  bool RunUntil(const std::function<bool()>& done, int timeout_ms = test::ScaledMs(30000)) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      uv_run(&loop_, UV_RUN_ONCE);
    }
    return true;
  }

 private:
  uv_loop_t loop_;
  uv_timer_t tick_;
};

// A `/bin/sh -c script` child with fds 1 and 2 on the given write ends.
class ShellChild {
 public:
  ShellChild(uv_loop_t* loop, const std::string& script, int out_fd, int err_fd) {
    process_ = new Handle;
    process_->handle.data = process_;
    char* args[] = {const_cast<char*>("/bin/sh"), const_cast<char*>("-c"),
                    const_cast<char*>(script.c_str()), nullptr};
    uv_stdio_container_t stdio[3];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = UV_INHERIT_FD;
    stdio[1].data.fd = out_fd;
    stdio[2].flags = UV_INHERIT_FD;
    stdio[2].data.fd = err_fd;
    uv_process_options_t options{};
    options.file = "/bin/sh";
    options.args = args;
    options.stdio = stdio;
    options.stdio_count = 3;
    options.exit_cb = [](uv_process_t* p, int64_t status, int) {
      auto* h = static_cast<Handle*>(p->data);
      h->exited = true;
      h->status = status;
    };
    spawn_rc_ = uv_spawn(loop, &process_->handle, &options);
    EXPECT_EQ(spawn_rc_, 0) << uv_strerror(spawn_rc_);
  }
  ~ShellChild() {
    if (spawn_rc_ == 0 && !process_->exited) uv_process_kill(&process_->handle, SIGKILL);
    uv_close(reinterpret_cast<uv_handle_t*>(&process_->handle),
             [](uv_handle_t* h) { delete static_cast<Handle*>(h->data); });
  }
  bool exited() const { return process_->exited; }
  int64_t exit_status() const { return process_->status; }

 private:
  struct Handle {
    uv_process_t handle{};
    bool exited = false;
    int64_t status = -1;
  };
  Handle* process_;
  int spawn_rc_ = -1;
};

}  // namespace tend::logtest

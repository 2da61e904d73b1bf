#pragma once
// AdoptedChild: a process a previous daemon of this home started and that outlived it,
// supervised again by this daemon. It is no child of ours (init reaped it), so its exit
// is seen through a pidfd (poll readable when it ends) and its exit status is unknown.

#include <sys/types.h>
#include <uv.h>

#include <memory>

#include "config/status.h"
#include "daemon/os/spawner.h"

namespace tend {

// The exit_status an adopted process's exit is reported with: unknown, as the process
// was reaped by whoever became its parent.
constexpr int64_t kUnknownExitStatus = -1;

class AdoptedChild : public SpawnedChild {
 public:
  // Watches `pid`; `on_exit(kUnknownExitStatus, 0)` runs once when it ends (at once, on a
  // later loop turn, when it has ended already). NotFound when there is no such process.
  static Result<std::unique_ptr<AdoptedChild>> Watch(uv_loop_t* loop, pid_t pid,
                                                     Spawner::ExitCallback on_exit);
  ~AdoptedChild() override;
  AdoptedChild(const AdoptedChild&) = delete;
  AdoptedChild& operator=(const AdoptedChild&) = delete;

  pid_t pid() const override { return pid_; }
  bool exited() const override { return exited_; }

  struct Watcher;  // opaque; public only so the .cc's callbacks can name it

 private:
  AdoptedChild() = default;
  Watcher* watcher_ = nullptr;  // freed by libuv's close callback
  pid_t pid_ = 0;
  bool exited_ = false;
  Spawner::ExitCallback on_exit_;
};

}  // namespace tend

#include "daemon/os/adopted_child.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "config/no_throw.h"

namespace tend {

struct AdoptedChild::Watcher {
  uv_poll_t poll;
  int pidfd = -1;
  AdoptedChild* owner = nullptr;  // null once the owner is gone
};

namespace {

void OnWatcherClosed(uv_handle_t* handle) {
  auto* watcher = static_cast<AdoptedChild::Watcher*>(handle->data);
  ::close(watcher->pidfd);
  delete watcher;
}

void CloseWatcher(AdoptedChild::Watcher* watcher) {
  watcher->owner = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&watcher->poll), OnWatcherClosed);
}

}  // namespace

Result<std::unique_ptr<AdoptedChild>> AdoptedChild::Watch(uv_loop_t* loop, pid_t pid,
                                                          Spawner::ExitCallback on_exit) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) {
    const int err = errno;
    if (err == ESRCH) return Status::NotFound("pid " + std::to_string(pid) + " has exited");
    return Status::FromErrno("pidfd_open " + std::to_string(pid), err);
  }
  std::unique_ptr<AdoptedChild> child(new AdoptedChild);
  child->pid_ = pid;
  child->on_exit_ = std::move(on_exit);
  auto* watcher = new Watcher;
  watcher->pidfd = pidfd;
  watcher->owner = child.get();
  watcher->poll.data = watcher;
  if (int rc = uv_poll_init(loop, &watcher->poll, pidfd); rc < 0) {
    ::close(pidfd);
    delete watcher;
    return Status::FromUv("uv_poll_init on a pidfd", rc);
  }
  child->watcher_ = watcher;
  uv_poll_start(&watcher->poll, UV_READABLE, [](uv_poll_t* handle, int, int) {
    auto* w = static_cast<Watcher*>(handle->data);
    uv_poll_stop(handle);
    AdoptedChild* self = w->owner;
    if (self == nullptr || self->exited_) return;
    self->exited_ = true;
    auto callback = std::move(self->on_exit_);
    NoThrow("adopted child exit", [&] { callback(kUnknownExitStatus, 0); });
  });
  return child;
}

AdoptedChild::~AdoptedChild() {
  if (watcher_ != nullptr) CloseWatcher(watcher_);
}

}  // namespace tend

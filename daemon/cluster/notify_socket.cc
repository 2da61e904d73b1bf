#include "daemon/cluster/notify_socket.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "config/no_throw.h"

namespace tend {

// Lives until libuv's close callback, which also closes the fd.
struct NotifySocket::Watch {
  uv_poll_t poll{};
  int fd = -1;
  std::function<void()> on_ready;
};

namespace {

bool SaysReady(std::string_view datagram) {
  while (!datagram.empty()) {
    const size_t nl = datagram.find('\n');
    if (datagram.substr(0, nl) == "READY=1") return true;
    if (nl == std::string_view::npos) break;
    datagram.remove_prefix(nl + 1);
  }
  return false;
}

void OnReadable(uv_poll_t* handle, int status, int /*events*/) {
  auto* watch = static_cast<NotifySocket::Watch*>(handle->data);
  if (status < 0) return;
  bool ready = false;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(watch->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0) break;  // EAGAIN: drained
    if (SaysReady(std::string_view(buf, static_cast<size_t>(n)))) ready = true;
  }
  // Last: the callback may destroy the NotifySocket (the Watch lives on until closed).
  if (ready && watch->on_ready) {
    auto cb = watch->on_ready;
    NoThrow("notify socket callback", cb);
  }
}

}  // namespace

Result<std::unique_ptr<NotifySocket>> NotifySocket::Open(uv_loop_t* loop, const std::string& path,
                                                         std::function<void()> on_ready) {
  sockaddr_un a{};
  if (path.size() >= sizeof a.sun_path) {
    return Status::InvalidArgument("notify socket path too long: " + path);
  }
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return Status::FromErrno("socket", errno);
  ::unlink(path.c_str());  // left by an instance that ran under this id before
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.c_str(), path.size());
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::FromErrno("bind " + path, err);
  }
  auto* watch = new Watch;
  watch->fd = fd;
  watch->on_ready = std::move(on_ready);
  watch->poll.data = watch;
  if (int rc = uv_poll_init(loop, &watch->poll, fd); rc < 0) {
    ::close(fd);
    ::unlink(path.c_str());
    delete watch;
    return Status::FromUv("uv_poll_init", rc);
  }
  uv_poll_start(&watch->poll, UV_READABLE, OnReadable);
  return std::unique_ptr<NotifySocket>(new NotifySocket(watch, path));
}

NotifySocket::~NotifySocket() {
  watch_->on_ready = nullptr;
  ::unlink(path_.c_str());
  uv_close(reinterpret_cast<uv_handle_t*>(&watch_->poll), [](uv_handle_t* h) {
    auto* watch = static_cast<Watch*>(h->data);
    ::close(watch->fd);
    delete watch;
  });
}

}  // namespace tend

#include "daemon/holder/fd_holder_client.h"

#include <spdlog/spdlog.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "daemon/holder/fd_passing.h"

namespace tend {
namespace {

constexpr int kHolderListenFd = 3;  // as fd_holder_main.cc expects it
constexpr int kTimeoutSeconds = 2;

Result<sockaddr_un> AddressOf(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    return Status::InvalidArgument("fd holder socket path too long: " + path);
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

// A connected socket, or -1 when nobody listens there.
int ConnectTo(const sockaddr_un& addr) {
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

Result<int> Listen(const sockaddr_un& addr) {
  ::unlink(addr.sun_path);  // a dead holder's socket
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::FromErrno("socket for the fd holder", errno);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd, 4) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::FromErrno(std::string("bind ") + addr.sun_path, err);
  }
  return fd;
}

// Forks twice so the holder is no child of the daemon (nothing to reap) and leads its
// own session (no signal of the daemon's group reaches it). Only async-signal-safe
// calls after fork: the daemon has threads.
Status StartHolder(const std::string& program, int listen_fd) {
  const char* argv[] = {program.c_str(), nullptr};
  const pid_t pid = ::fork();
  if (pid < 0) return Status::FromErrno("fork for the fd holder", errno);
  if (pid == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    if (::dup2(listen_fd, kHolderListenFd) < 0) ::_exit(127);  // dup2 clears CLOEXEC
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int fd = 0; fd <= 2 && null >= 0; ++fd)
      ::dup2(null, fd);  // no terminal, no pipe of whoever started the daemon
    ::execv(argv[0], const_cast<char* const*>(argv));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return Status::Ok();
}

// The socket was made by a daemon of ours (the holder inherited it): same uid.
bool SameUser(int socket) {
  ucred cred{};
  socklen_t len = sizeof cred;
  return ::getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == ::getuid();
}

// The holder's greeting, "holder <pid>".
Result<pid_t> ReadGreeting(int socket) {
  auto message = ReceiveFdMessage(socket);
  if (!message.ok()) return message.status();
  CloseFds(*message);
  if (message->text.rfind("holder ", 0) != 0) {
    return Status::Protocol("the fd holder did not greet: '" + message->text + "'");
  }
  return static_cast<pid_t>(std::atoi(message->text.c_str() + 7));
}

void SetTimeouts(int socket) {
  timeval tv{kTimeoutSeconds, 0};
  (void)::setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  (void)::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

}  // namespace

Status FdHolderClient::Connect(const std::string& socket_path, const std::string& holder_program) {
  auto addr = AddressOf(socket_path);
  if (!addr.ok()) return addr.status();
  int socket = ConnectTo(*addr);
  const bool started = socket < 0;
  if (started) {
    if (::access(holder_program.c_str(), X_OK) != 0) {
      return Status::NotFound("tend-fdholder not found at '" + holder_program + "'");
    }
    auto listener = Listen(*addr);
    if (!listener.ok()) return listener.status();
    Status s = StartHolder(holder_program, *listener);
    socket = s.ok() ? ConnectTo(*addr) : -1;  // queued until the holder accepts it
    ::close(*listener);
    if (!s.ok()) return s;
    if (socket < 0) return Status::FromErrno("connect " + socket_path, errno);
  }
  if (!SameUser(socket)) {
    ::close(socket);
    return Status::PermissionDenied(socket_path + " is served by another user's process");
  }
  SetTimeouts(socket);
  auto pid = ReadGreeting(socket);
  if (!pid.ok()) {
    ::close(socket);
    return pid.status();
  }
  if (socket_ >= 0) ::close(socket_);
  socket_ = socket;
  started_ = started;
  broken_ = false;
  holder_pid_ = *pid;
  return Status::Ok();
}

FdHolderClient::~FdHolderClient() {
  if (socket_ >= 0) ::close(socket_);
}

Result<std::vector<HeldFds>> FdHolderClient::List() {
  if (socket_ < 0) return Status::Unavailable("no fd holder");
  TEND_RETURN_IF_ERROR(SendFdMessage(socket_, "list"));
  std::vector<HeldFds> held;
  for (;;) {
    auto message = ReceiveFdMessage(socket_);
    if (!message.ok()) {
      for (auto& h : held)
        for (int fd : h.fds)
          ::close(fd);
      return message.status();
    }
    if (message->text == "end") return held;
    if (message->text.rfind("held ", 0) != 0) {
      CloseFds(*message);
      continue;
    }
    held.push_back({message->text.substr(5), std::move(message->fds)});
  }
}

void FdHolderClient::Send(const std::string& text, const std::vector<int>& fds) {
  if (broken_ || socket_ < 0) return;
  if (Status s = SendFdMessage(socket_, text, fds); !s.ok()) {
    broken_ = true;
    spdlog::error("fd holder: {}; apps started from now on would not survive a daemon crash",
                  s.message());
  }
}

void FdHolderClient::Keep(const std::string& key, const std::vector<int>& fds) {
  Send("keep " + key, fds);
}

void FdHolderClient::Release(const std::string& key) {
  Send("release " + key, {});
}

void FdHolderClient::Quit() {
  Send("quit", {});
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
}

}  // namespace tend

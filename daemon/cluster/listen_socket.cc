#include "daemon/cluster/listen_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tend {
namespace {

constexpr int kBacklog = 511;  // as Node's default; the kernel caps it at somaxconn

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Result<int> ParsePort(const std::string& address, const std::string& text) {
  if (!AllDigits(text) || text.size() > 5 || std::stoi(text) < 1 || std::stoi(text) > 65535) {
    return Status::InvalidArgument("listen '" + address + "': '" + text +
                                   "' is not a port (1-65535)");
  }
  return std::stoi(text);
}

Result<int> ListenOn(int fd, const sockaddr* addr, socklen_t len, const std::string& address) {
  if (::bind(fd, addr, len) != 0 || ::listen(fd, kBacklog) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::FromErrno("listen on " + address, err);
  }
  return fd;
}

Result<int> BindAnyPort(int port, const std::string& address) {
  int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  const int zero = 0;
  if (fd >= 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_any;
    a.sin6_port = htons(static_cast<uint16_t>(port));
    return ListenOn(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, address);
  }
  // No IPv6 in this kernel or namespace: IPv4 only.
  fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::FromErrno("socket", errno);
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  a.sin_port = htons(static_cast<uint16_t>(port));
  return ListenOn(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, address);
}

Result<int> BindHostPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  auto port = ParsePort(address, address.substr(colon + 1));
  if (!port.ok()) return port.status();
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(*port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return Status::InvalidArgument("listen '" + address + "': " + ::gai_strerror(rc));
  }
  Result<int> result = Status::NotFound("listen '" + address + "': no usable address");
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    result = ListenOn(fd, ai->ai_addr, ai->ai_addrlen, address);
    if (result.ok()) break;
  }
  ::freeaddrinfo(found);
  return result;
}

Result<int> BindUnix(const std::string& path) {
  sockaddr_un a{};
  if (path.size() >= sizeof a.sun_path) {
    return Status::InvalidArgument("listen '" + path + "': a Unix socket path is limited to " +
                                   std::to_string(sizeof a.sun_path - 1) + " bytes");
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return Status::AlreadyExists("listen '" + path + "': exists and is not a socket");
    }
    ::unlink(path.c_str());  // a stale socket from an earlier daemon
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::FromErrno("socket", errno);
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.c_str(), path.size());
  return ListenOn(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a, path);
}

}  // namespace

Result<std::unique_ptr<ListenSocket>> ListenSocket::Bind(const std::string& address) {
  Result<int> fd = Status::InvalidArgument("listen: empty address");
  std::string unix_path;
  if (address.find('/') != std::string::npos) {
    fd = BindUnix(address);
    unix_path = address;
  } else if (AllDigits(address)) {
    auto port = ParsePort(address, address);
    if (!port.ok()) return port.status();
    fd = BindAnyPort(*port, address);
  } else if (address.find(':') != std::string::npos) {
    fd = BindHostPort(address);
  } else if (!address.empty()) {
    fd = Status::InvalidArgument("listen '" + address +
                                 "': expected PORT, HOST:PORT or a Unix socket path");
  }
  if (!fd.ok()) return fd.status();
  spdlog::info("listening on {} (fd {})", address, *fd);
  return std::unique_ptr<ListenSocket>(new ListenSocket(*fd, address, unix_path));
}

std::unique_ptr<ListenSocket> ListenSocket::FromHeld(int fd, const std::string& address) {
  const bool unix_path = address.find('/') != std::string::npos;
  return std::unique_ptr<ListenSocket>(new ListenSocket(fd, address, unix_path ? address : ""));
}

void ListenSocket::KeepIn(FdKeeper* keeper, std::string key) {
  if (keeper == nullptr) return;
  keeper_ = keeper;
  kept_key_ = std::move(key);
  keeper_->Keep(kept_key_, {fd_});
}

ListenSocket::~ListenSocket() {
  if (keeper_ != nullptr) keeper_->Release(kept_key_);
  ::close(fd_);
  if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
  spdlog::info("closed the listening socket {}", address_);
}

Result<int> ListenRegistry::Acquire(const std::string& app, const std::string& address) {
  auto it = by_app_.find(app);
  if (it != by_app_.end() && it->second->address() == address) return it->second->fd();
  if (it != by_app_.end()) by_app_.erase(it);  // the app moved: free the old address first
  auto socket = ListenSocket::Bind(address);
  if (!socket.ok()) return socket.status();
  const int fd = (*socket)->fd();
  (*socket)->KeepIn(keeper_, ListenKey(false, app, address));
  by_app_[app] = std::move(socket).value();
  return fd;
}

Result<int> ListenRegistry::AcquireRequested(const std::string& app, const std::string& address) {
  auto own = by_app_.find(app);
  if (own != by_app_.end() && own->second->address() == address) return own->second->fd();
  auto key = std::make_pair(app, address);
  auto it = requested_.find(key);
  if (it != requested_.end()) return it->second->fd();
  // Each costs the daemon a descriptor for the app's life: a child asking for more is wrong.
  const auto first = requested_.lower_bound(std::make_pair(app, std::string()));
  size_t held = 0;
  for (auto i = first; i != requested_.end() && i->first.first == app; ++i)
    ++held;
  if (held >= kMaxRequestedPerApp) {
    return Status::InvalidArgument("listen '" + address + "': app '" + app + "' already has " +
                                   std::to_string(held) + " addresses held by tend (the limit)");
  }
  auto socket = ListenSocket::Bind(address);
  if (!socket.ok()) return socket.status();
  const int fd = (*socket)->fd();
  (*socket)->KeepIn(keeper_, ListenKey(true, app, address));
  requested_[key] = std::move(socket).value();
  return fd;
}

void ListenRegistry::AdoptHeld(bool requested, const std::string& app, const std::string& address,
                               int fd) {
  auto socket = ListenSocket::FromHeld(fd, address);
  socket->KeepIn(keeper_, ListenKey(requested, app, address));  // the holder keeps it still
  spdlog::info("took back the listening socket {} of {}", address, app);
  if (requested) {
    requested_[std::make_pair(app, address)] = std::move(socket);
  } else {
    by_app_[app] = std::move(socket);
  }
}

void ListenRegistry::ReleaseAllBut(const std::set<std::string>& live_apps) {
  for (auto it = by_app_.begin(); it != by_app_.end();) {
    if (live_apps.count(it->first) == 0) {
      it = by_app_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto it = requested_.begin(); it != requested_.end();) {
    if (live_apps.count(it->first.first) == 0) {
      it = requested_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace tend

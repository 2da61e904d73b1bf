#pragma once
// ListenSocket: an address an app serves on, bound and held by the daemon, so
// restarts and reloads never refuse a connection (the kernel queues them in the
// backlog while no instance accepts). ListenRegistry keeps one per app, for as
// long as the app exists, and hands its fd to every instance (fd 3, as systemd).

#include <map>
#include <memory>
#include <set>
#include <string>

#include "config/status.h"
#include "daemon/os/fd_keeper.h"

namespace tend {

class ListenSocket {
 public:
  // `address`: "PORT" (dual-stack [::]:PORT, IPV6_V6ONLY off), "HOST:PORT",
  // "[V6]:PORT", or a Unix socket path (contains '/'; a stale socket there is replaced).
  static Result<std::unique_ptr<ListenSocket>> Bind(const std::string& address);
  // A socket a previous daemon bound (taken back from the fd holder); owns `fd`.
  static std::unique_ptr<ListenSocket> FromHeld(int fd, const std::string& address);
  ~ListenSocket();
  // Leaves a copy with `keeper` under `key` until this socket closes (null: none).
  void KeepIn(FdKeeper* keeper, std::string key);
  ListenSocket(const ListenSocket&) = delete;
  ListenSocket& operator=(const ListenSocket&) = delete;

  int fd() const { return fd_; }
  const std::string& address() const { return address_; }

 private:
  ListenSocket(int fd, std::string address, std::string unix_path)
      : fd_(fd), address_(std::move(address)), unix_path_(std::move(unix_path)) {}
  int fd_;
  std::string address_;
  std::string unix_path_;  // removed on close when we created it
  FdKeeper* keeper_ = nullptr;
  std::string kept_key_;
};

class ListenRegistry {
 public:
  // The app's socket, bound on first use; rebound when the address changed.
  Result<int> Acquire(const std::string& app, const std::string& address);
  // A socket an instance asked for at run time (a Node server's listen() through
  // tend's preload): the app's own when the address is the same, else one more,
  // bound on first use and held as long as the app.
  Result<int> AcquireRequested(const std::string& app, const std::string& address);
  // Closes the sockets of apps that no longer exist.
  void ReleaseAllBut(const std::set<std::string>& live_apps);
  // Every socket bound from now on is also kept there, so it outlives a daemon crash.
  void set_keeper(FdKeeper* keeper) { keeper_ = keeper; }
  // Holds a socket a crashed daemon bound (its ListenKey's parts); owns `fd`.
  void AdoptHeld(bool requested, const std::string& app, const std::string& address, int fd);
  size_t size() const { return by_app_.size() + requested_.size(); }
  // How many addresses one app's instances may ask for (a Node app's servers).
  static constexpr size_t kMaxRequestedPerApp = 16;

 private:
  std::map<std::string, std::unique_ptr<ListenSocket>> by_app_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<ListenSocket>> requested_;
  FdKeeper* keeper_ = nullptr;
};

}  // namespace tend

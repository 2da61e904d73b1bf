#pragma once
// NotifySocket: the sd_notify endpoint of one running instance: a Unix datagram
// socket the child finds in NOTIFY_SOCKET, watched with uv_poll. It reports
// READY=1 (the only message tend acts on); other messages are ignored. The
// socket file lives in the 0700 home, so only the daemon's user can write to it.

#include <uv.h>

#include <functional>
#include <memory>
#include <string>

#include "config/status.h"

namespace tend {

class NotifySocket {
 public:
  static Result<std::unique_ptr<NotifySocket>> Open(uv_loop_t* loop, const std::string& path,
                                                    std::function<void()> on_ready);
  // Stops watching, closes and removes the socket (safe inside on_ready).
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }

  struct Watch;  // opaque; public only so the .cc's callbacks can name it

 private:
  NotifySocket(Watch* watch, std::string path) : watch_(watch), path_(std::move(path)) {}
  Watch* watch_;
  std::string path_;
};

}  // namespace tend

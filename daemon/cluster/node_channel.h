#pragma once
// NodeChannel: the daemon's end of a Node instance's IPC channel (NODE_CHANNEL_FD),
// the socketpair over which Node's process.send() and 'message' exchange JSON lines,
// with descriptors passed alongside (Node's NODE_HANDLE messages). It hears
// process.send('ready') and tend's preload (listen requests, "listening"), answers a
// listen request with the socket the daemon holds, and sends 'shutdown'. Nothing the
// child writes can throw or grow memory without bound here.

#include <uv.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "config/status.h"

namespace tend {

// The descriptor the child finds its channel on; fd 3 stays the listening socket's
// (LISTEN_FDS), so the layout is the same for every instance (docs/cluster.md).
inline constexpr int kNodeChannelFd = 4;

class NodeChannel {
 public:
  struct Callbacks {
    std::function<void()> on_ready;      // process.send('ready')
    std::function<void()> on_listening;  // the preload: a server of this child listens
    // The preload asks for the socket of an address ("PORT", "HOST:PORT" or a path).
    std::function<Result<int>(const std::string& address)> listen_fd;
  };

  static Result<std::unique_ptr<NodeChannel>> Open(uv_loop_t* loop, Callbacks callbacks);
  // Stops reading and closes; no callback runs after this.
  ~NodeChannel();
  NodeChannel(const NodeChannel&) = delete;
  NodeChannel& operator=(const NodeChannel&) = delete;

  // The child's end, to pass at spawn; the daemon's copy must then be closed.
  int child_fd() const { return child_fd_; }
  void CloseChildEnd();
  // A message as Node's process.on('message') receives it (e.g. "shutdown").
  Status Send(const nlohmann::json& message);

  struct Pipe;  // opaque; public only so the .cc's callbacks can name it

 private:
  NodeChannel(Pipe* pipe, int child_fd) : pipe_(pipe), child_fd_(child_fd) {}
  Pipe* pipe_;
  int child_fd_;
};

// What a Node IPC line from the preload asks for, parsed apart from any I/O.
struct NodeListenRequest {
  long long seq = 0;
  std::string address;  // as ListenSocket::Bind takes it
};
// A preload listen request, or an error naming what is wrong with it.
Result<NodeListenRequest> ParseNodeListenRequest(const nlohmann::json& message);

}  // namespace tend

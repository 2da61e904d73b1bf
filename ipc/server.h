#pragma once
// The daemon's side of the socket: a libuv Unix-socket server that checks each
// peer's uid, splits frames, and hands parsed requests to one handler.
// Guarantees: a malformed, oversized or unknown request is answered with an
// error frame and never reaches the handler; a peer that vanishes mid-request
// or stops reading harms nothing (its requests wait while its answers are
// backed up, and it is dropped past a bound: docs/protocol.md#flow-control);
// nothing here throws.

#include <sys/types.h>
#include <uv.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/status.h"
#include "ipc/frame_decoder.h"
#include "ipc/protocol.h"

namespace tend::ipc {

class Server;

// Flow control, per connection (docs/protocol.md#flow-control). While more than
// kPauseBytes of answers wait for the peer to read them, or kMaxInFlight of its
// requests are unanswered, its next requests wait unread by the handler; a peer
// that meanwhile sends more than kMaxBacklogBytes of requests is dropped.
inline constexpr size_t kPauseBytes = 1u << 20;
inline constexpr size_t kMaxInFlight = 64;
inline constexpr size_t kMaxBacklogBytes = kMaxFrameBytes;

// One client. Shared so that a stream (logs) may outlive the request that
// opened it; the uv handle inside lives until libuv's close callback.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(Server* server);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  uid_t peer_uid() const { return peer_uid_; }
  pid_t peer_pid() const { return peer_pid_; }
  bool closed() const { return closing_; }
  // Bytes handed to Send() that the kernel has not taken yet: a stream checks
  // it to skip or drop a reader that does not keep up.
  size_t queued_bytes() const;

  void Send(std::string frame);
  // Sends what is queued, then closes (used after a fatal protocol error).
  void CloseAfterFlush();
  void Close();
  // Runs once when the connection closes, whoever closed it.
  void OnClose(std::function<void()> callback);
  // A request is answered (or its stream ended). A peer that half-closes after
  // sending requests keeps the connection until every one is answered.
  void FinishRequest();

 private:
  friend class Server;
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  void Read(ssize_t nread);  // OnRead's body, inside its guard
  void HandleBytes(const char* data, size_t len);
  // Hands waiting requests to the handler while the flow-control limits allow.
  void DispatchWaiting();
  void Dispatch(const std::string& line);
  bool BackedUp() const;
  void OnWritten();
  // Closes at once, discarding what is queued, with a line in the daemon's log.
  void Drop(const std::string& why);
  void RunCloseCallbacks();

  Server* server_;
  uv_pipe_t pipe_{};
  FrameSplitter splitter_;
  RequestDecoder decoder_;
  uid_t peer_uid_ = static_cast<uid_t>(-1);
  pid_t peer_pid_ = 0;
  bool closing_ = false;
  bool peer_done_ = false;      // the peer sent EOF
  bool shutting_down_ = false;  // CloseAfterFlush: no more requests run
  bool dispatching_ = false;    // inside DispatchWaiting (a handler may answer at once)
  size_t pending_requests_ = 0;
  std::vector<std::function<void()>> on_close_;
  char read_buffer_[64 * 1024];
};

class Server {
 public:
  using Handler = std::function<void(const std::shared_ptr<Connection>&, Request)>;

  Server(uv_loop_t* loop, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `path` (refusing one longer than sun_path allows, which libuv would
  // truncate), makes it 0600 and listens. A stale socket file is replaced.
  Status Listen(const std::string& path);
  // Stops accepting and closes every connection; `done` runs once all handles closed.
  void Close(std::function<void()> done = nullptr);
  size_t connection_count() const { return connections_.size(); }

 private:
  friend class Connection;
  static void OnConnection(uv_stream_t* server, int status);
  void Accept();
  void Forget(Connection* conn);
  void MaybeFinishClose();

  uv_loop_t* loop_;
  Handler handler_;
  uv_pipe_t listener_{};
  bool listening_ = false;
  bool listener_closed_ = true;
  std::string path_;
  std::map<Connection*, std::shared_ptr<Connection>> connections_;
  std::function<void()> on_closed_;
};

}  // namespace tend::ipc

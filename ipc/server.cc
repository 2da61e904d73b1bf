#include "ipc/server.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "config/home_layout.h"
#include "config/no_throw.h"

namespace tend::ipc {
namespace {

struct WriteRequest {
  uv_write_t req{};
  std::string frame;
  std::shared_ptr<Connection> keep_alive;
};

}  // namespace

Connection::Connection(Server* server) : server_(server) {
  pipe_.data = this;
}

size_t Connection::queued_bytes() const {
  return closing_ ? 0
                  : uv_stream_get_write_queue_size(reinterpret_cast<const uv_stream_t*>(&pipe_));
}

void Connection::Send(std::string frame) {
  if (closing_) return;
  auto* w = new WriteRequest;
  w->frame = std::move(frame);
  w->keep_alive = shared_from_this();
  uv_buf_t buf = uv_buf_init(w->frame.data(), static_cast<unsigned>(w->frame.size()));
  const int rc = uv_write(&w->req, reinterpret_cast<uv_stream_t*>(&pipe_), &buf, 1,
                          [](uv_write_t* req, int status) {
                            auto* wr = reinterpret_cast<WriteRequest*>(req);
                            NoThrow("ipc write callback", [wr, status] {
                              if (status == 0) {
                                wr->keep_alive->OnWritten();
                              } else if (status != UV_ECANCELED) {
                                wr->keep_alive->Close();
                              }
                            });
                            delete wr;
                          });
  if (rc < 0) {
    delete w;
    Close();
  }
}

void Connection::CloseAfterFlush() {
  if (closing_ || shutting_down_) return;
  shutting_down_ = true;
  uv_read_stop(reinterpret_cast<uv_stream_t*>(&pipe_));
  auto* req = new uv_shutdown_t;
  req->data = this;
  const int rc =
      uv_shutdown(req, reinterpret_cast<uv_stream_t*>(&pipe_), [](uv_shutdown_t* r, int) {
        NoThrow("ipc shutdown callback", [r] { static_cast<Connection*>(r->data)->Close(); });
        delete r;
      });
  if (rc < 0) {
    delete req;
    Close();
  }
}

void Connection::Close() {
  if (closing_) return;
  closing_ = true;
  RunCloseCallbacks();
  uv_close(reinterpret_cast<uv_handle_t*>(&pipe_), [](uv_handle_t* h) {
    auto* self = static_cast<Connection*>(h->data);
    NoThrow("ipc connection close callback",
            [self] { self->server_->Forget(self); });  // may free `self`
  });
}

void Connection::FinishRequest() {
  if (pending_requests_ > 0) --pending_requests_;
  DispatchWaiting();
}

void Connection::OnWritten() {
  // Answers drained: requests that waited for it may run now.
  if (!closing_ && splitter_.buffered() > 0) DispatchWaiting();
}

void Connection::Drop(const std::string& why) {
  if (closing_) return;
  spdlog::warn("dropping client pid {} (uid {}): {}", peer_pid_, peer_uid_, why);
  Close();
}

void Connection::OnClose(std::function<void()> callback) {
  if (closing_) {
    callback();
    return;
  }
  on_close_.push_back(std::move(callback));
}

void Connection::RunCloseCallbacks() {
  auto callbacks = std::move(on_close_);
  on_close_.clear();
  for (auto& cb : callbacks)
    cb();
}

void Connection::OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<Connection*>(handle->data);
  *buf = uv_buf_init(self->read_buffer_, sizeof self->read_buffer_);
}

void Connection::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t*) {
  auto* self = static_cast<Connection*>(stream->data);
  NoThrow("ipc read callback", [&] { self->Read(nread); });
}

void Connection::Read(ssize_t nread) {
  if (nread == UV_EOF) {
    // Half-closed after its requests: answer every complete one first.
    peer_done_ = true;
    uv_read_stop(reinterpret_cast<uv_stream_t*>(&pipe_));
    DispatchWaiting();
    return;
  }
  if (nread < 0) {
    Close();  // a read error: a half-sent request is simply dropped
    return;
  }
  HandleBytes(read_buffer_, static_cast<size_t>(nread));
}

void Connection::HandleBytes(const char* data, size_t len) {
  auto self = shared_from_this();  // the handler may close us
  splitter_.Feed(std::string_view(data, len));
  DispatchWaiting();
  if (closing_) return;
  if (splitter_.overflow()) {
    Send(EncodeError(0, Status::Protocol("frame exceeds the " + std::to_string(kMaxFrameBytes) +
                                         "-byte limit; closing the connection")));
    CloseAfterFlush();
  } else if (splitter_.buffered() > kMaxBacklogBytes) {
    // Requests keep coming while the answers pile up unread: the peer does not read.
    Drop("more than " + std::to_string(kMaxBacklogBytes) + " bytes of requests wait while " +
         std::to_string(queued_bytes()) + " bytes of answers are unread");
  }
}

bool Connection::BackedUp() const {
  return queued_bytes() >= kPauseBytes || pending_requests_ >= kMaxInFlight;
}

void Connection::DispatchWaiting() {
  // A handler that answers at once re-enters here, through FinishRequest.
  if (dispatching_ || closing_ || shutting_down_) return;
  auto self = shared_from_this();
  dispatching_ = true;
  bool drained = false;  // no complete request left
  std::string line;
  while (!closing_ && !BackedUp()) {
    if (!splitter_.Next(&line)) {
      drained = true;
      break;
    }
    if (!line.empty()) Dispatch(line);
  }
  dispatching_ = false;
  if (drained && peer_done_ && pending_requests_ == 0) CloseAfterFlush();
}

void Connection::Dispatch(const std::string& line) {
  DecodedLine decoded = decoder_.Decode(line);
  switch (decoded.kind) {
    case DecodedLine::Kind::kPending:
      return;
    case DecodedLine::Kind::kError:
      Send(EncodeError(decoded.error_id, decoded.error));
      if (decoded.close) CloseAfterFlush();
      return;
    case DecodedLine::Kind::kRequest:
      ++pending_requests_;
      server_->handler_(shared_from_this(), std::move(decoded.request));
      return;
  }
}

Server::Server(uv_loop_t* loop, Handler handler) : loop_(loop), handler_(std::move(handler)) {
  listener_.data = this;
}

Server::~Server() = default;

Status Server::Listen(const std::string& path) {
  if (path.size() > MaxSocketPathLength()) {
    return Status::InvalidArgument("socket path " + path + " is longer than the " +
                                   std::to_string(MaxSocketPathLength()) +
                                   " bytes a Unix socket allows");
  }
  int rc = uv_pipe_init(loop_, &listener_, 0);
  if (rc < 0) return Status::FromUv("uv_pipe_init", rc);
  listener_closed_ = false;
  // The caller holds the daemon lock, so a socket file left here is stale.
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return Status::FromErrno("cannot remove stale socket " + path, errno);
  }
  const mode_t old_mask = ::umask(0177);  // born 0600: no window where others may connect
  rc = uv_pipe_bind(&listener_, path.c_str());
  ::umask(old_mask);
  if (rc < 0) return Status::FromUv("cannot bind " + path, rc);
  if (::chmod(path.c_str(), 0600) != 0) return Status::FromErrno("chmod " + path, errno);
  rc = uv_listen(reinterpret_cast<uv_stream_t*>(&listener_), 128, &Server::OnConnection);
  if (rc < 0) return Status::FromUv("cannot listen on " + path, rc);
  path_ = path;
  listening_ = true;
  return Status::Ok();
}

void Server::OnConnection(uv_stream_t* server, int status) {
  if (status < 0) return;
  NoThrow("ipc connection callback", [server] { static_cast<Server*>(server->data)->Accept(); });
}

void Server::Accept() {
  auto conn = std::make_shared<Connection>(this);
  if (uv_pipe_init(loop_, &conn->pipe_, 0) < 0) return;
  connections_[conn.get()] = conn;
  if (uv_accept(reinterpret_cast<uv_stream_t*>(&listener_),
                reinterpret_cast<uv_stream_t*>(&conn->pipe_)) < 0) {
    conn->Close();
    return;
  }
  uv_os_fd_t fd = -1;
  ucred cred{};
  socklen_t len = sizeof cred;
  if (uv_fileno(reinterpret_cast<uv_handle_t*>(&conn->pipe_), &fd) < 0 ||
      ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
    conn->Close();
    return;
  }
  conn->peer_uid_ = cred.uid;
  conn->peer_pid_ = cred.pid;
  if (cred.uid != ::geteuid() && cred.uid != 0) {
    conn->Send(EncodeError(
        0, Status::PermissionDenied("this daemon belongs to uid " + std::to_string(::geteuid()) +
                                    "; uid " + std::to_string(cred.uid) + " may not use it")));
    conn->CloseAfterFlush();
    return;
  }
  uv_read_start(reinterpret_cast<uv_stream_t*>(&conn->pipe_), &Connection::OnAlloc,
                &Connection::OnRead);
}

void Server::Forget(Connection* conn) {
  connections_.erase(conn);
  MaybeFinishClose();
}

void Server::Close(std::function<void()> done) {
  on_closed_ = std::move(done);
  if (!listener_closed_) {
    listener_closed_ = true;
    uv_close(reinterpret_cast<uv_handle_t*>(&listener_), [](uv_handle_t* h) {
      auto* self = static_cast<Server*>(h->data);
      self->listening_ = false;
      if (!self->path_.empty()) ::unlink(self->path_.c_str());
      NoThrow("ipc listener close callback", [self] { self->MaybeFinishClose(); });
    });
  }
  std::vector<std::shared_ptr<Connection>> all;
  for (auto& [ptr, conn] : connections_)
    all.push_back(conn);
  for (auto& conn : all)
    conn->Close();
  MaybeFinishClose();
}

void Server::MaybeFinishClose() {
  if (!on_closed_ || listening_ || !connections_.empty()) return;
  auto done = std::move(on_closed_);
  on_closed_ = nullptr;
  done();
}

}  // namespace tend::ipc

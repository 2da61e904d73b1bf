#include "daemon/cluster/node_channel.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "config/no_throw.h"

namespace tend {
namespace {

// A line longer than this is not one the preload or process.send('ready') writes.
constexpr size_t kMaxLine = 1 << 20;

// Node's spelling of why a listen failed ("EADDRINUSE"), which apps branch on.
std::string ErrnoCode(const Status& status) {
  if (status.os_error() == 0) return "ELISTEN";  // not the OS's refusal: a bad address, ...
  return uv_err_name(-status.os_error());
}

}  // namespace

// Lives until libuv's close callback; the NodeChannel's destructor clears the callbacks,
// so none runs once the channel is gone.
struct NodeChannel::Pipe {
  uv_pipe_t handle{};
  NodeChannel::Callbacks callbacks;
  std::string pending;  // a line not yet ended by '\n'
  bool closing = false;
};

namespace {

struct WriteOp {
  uv_write_t req{};
  std::string data;
  uv_handle_t* passed = nullptr;  // the handle whose descriptor went with the data
};

// Closes a TCP or pipe handle this file allocated, and frees it.
void CloseAndDelete(uv_handle_t* handle) {
  uv_close(handle, [](uv_handle_t* h) {
    if (h->type == UV_TCP) {
      delete reinterpret_cast<uv_tcp_t*>(h);
    } else {
      delete reinterpret_cast<uv_pipe_t*>(h);
    }
  });
}

void OnWritten(uv_write_t* req, int status) {
  auto* op = static_cast<WriteOp*>(req->data);
  NoThrow("node channel write callback", [&] {
    if (status < 0 && status != UV_ECANCELED) {
      spdlog::warn("node channel: write failed: {}", uv_strerror(status));
    }
    if (op->passed != nullptr) CloseAndDelete(op->passed);
  });
  delete op;
}

Status Write(NodeChannel::Pipe* pipe, const nlohmann::json& message, uv_handle_t* passed) {
  auto* op = new WriteOp;
  op->data = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  op->passed = passed;
  op->req.data = op;
  uv_buf_t buf = uv_buf_init(op->data.data(), static_cast<unsigned>(op->data.size()));
  auto* stream = reinterpret_cast<uv_stream_t*>(&pipe->handle);
  const int rc = passed != nullptr ? uv_write2(&op->req, stream, &buf, 1,
                                               reinterpret_cast<uv_stream_t*>(passed), OnWritten)
                                   : uv_write(&op->req, stream, &buf, 1, OnWritten);
  if (rc < 0) {
    OnWritten(&op->req, UV_ECANCELED);
    return Status::FromUv("node channel", rc);
  }
  return Status::Ok();
}

// A libuv handle on a copy of `fd`, for uv_write2 to pass; closed once written.
Result<uv_handle_t*> PassableHandle(uv_loop_t* loop, int fd) {
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return Status::FromErrno("dup listening socket", errno);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(copy, reinterpret_cast<sockaddr*>(&addr), &len);
  uv_handle_t* handle = nullptr;
  int rc = 0;
  if (addr.ss_family == AF_UNIX) {
    auto* p = new uv_pipe_t;
    uv_pipe_init(loop, p, 0);
    handle = reinterpret_cast<uv_handle_t*>(p);
    rc = uv_pipe_open(p, copy);
  } else {
    auto* t = new uv_tcp_t;
    uv_tcp_init(loop, t);
    handle = reinterpret_cast<uv_handle_t*>(t);
    rc = uv_tcp_open(t, copy);
  }
  if (rc == 0) return handle;
  ::close(copy);
  CloseAndDelete(handle);
  return Status::FromUv("cannot wrap the listening socket", rc);
}

void AnswerListen(NodeChannel::Pipe* pipe, const nlohmann::json& message) {
  auto request = ParseNodeListenRequest(message);
  const long long seq = message.value("seq", 0LL);
  nlohmann::json reply = {{"cmd", "NODE_TEND_LISTEN_REPLY"}, {"seq", seq}};
  Result<int> fd = request.ok() ? pipe->callbacks.listen_fd(request->address) : request.status();
  Result<uv_handle_t*> handle = fd.ok() ? PassableHandle(pipe->handle.loop, *fd) : fd.status();
  if (!handle.ok()) {
    reply["error"] = handle.status().message();
    reply["code"] = ErrnoCode(handle.status());
    (void)Write(pipe, reply, nullptr);
    return;
  }
  // Node's own handle message: the descriptor arrives as a raw handle ('net.Native')
  // with `msg`, an internal message, on process's 'internalMessage' event.
  nlohmann::json wrapped = {{"cmd", "NODE_HANDLE"}, {"type", "net.Native"}, {"msg", reply}};
  if (Status s = Write(pipe, wrapped, *handle); !s.ok()) spdlog::warn("{}", s.message());
}

void Dispatch(NodeChannel::Pipe* pipe, const std::string& line) {
  auto message = nlohmann::json::parse(line, nullptr, false);
  if (message.is_discarded()) {
    spdlog::debug("node channel: not JSON: {:.80}", line);
    return;
  }
  if (message == "ready") {
    if (pipe->callbacks.on_ready) pipe->callbacks.on_ready();
    return;
  }
  if (!message.is_object()) return;
  const auto cmd = message.value("cmd", std::string());
  if (cmd == "NODE_TEND_LISTEN" && pipe->callbacks.listen_fd) {
    AnswerListen(pipe, message);
  } else if (cmd == "NODE_TEND_LISTENING" && pipe->callbacks.on_listening) {
    pipe->callbacks.on_listening();
  } else if (cmd == "NODE_HANDLE_NACK") {
    spdlog::warn("node channel: the child did not receive a socket");
  }
}

void DropPassedHandles(uv_pipe_t* pipe) {
  // A child has no business sending the daemon descriptors: accept and close them.
  while (uv_pipe_pending_count(pipe) > 0) {
    uv_handle_t* handle = nullptr;
    if (uv_pipe_pending_type(pipe) == UV_TCP) {
      auto* t = new uv_tcp_t;
      uv_tcp_init(pipe->loop, t);
      handle = reinterpret_cast<uv_handle_t*>(t);
    } else {
      auto* p = new uv_pipe_t;
      uv_pipe_init(pipe->loop, p, 0);
      handle = reinterpret_cast<uv_handle_t*>(p);
    }
    uv_accept(reinterpret_cast<uv_stream_t*>(pipe), reinterpret_cast<uv_stream_t*>(handle));
    CloseAndDelete(handle);
  }
}

void ReadLines(NodeChannel::Pipe* pipe, const char* data, size_t size) {
  DropPassedHandles(&pipe->handle);
  pipe->pending.append(data, size);
  size_t start = 0;
  for (size_t nl; !pipe->closing && (nl = pipe->pending.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    // One bad message (a field of the wrong type) costs that message, not the rest.
    NoThrow("node channel message",
            [&] { Dispatch(pipe, pipe->pending.substr(start, nl - start)); });
  }
  pipe->pending.erase(0, start);
  if (pipe->pending.size() > kMaxLine) {
    spdlog::warn("node channel: dropped a {} byte message without an end", pipe->pending.size());
    pipe->pending.clear();
  }
}

void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* pipe = static_cast<NodeChannel::Pipe*>(stream->data);
  if (nread < 0) {
    uv_read_stop(stream);  // EOF: the child closed its end or exited
  } else {
    NoThrow("node channel read callback",
            [&] { ReadLines(pipe, buf->base, static_cast<size_t>(nread)); });
  }
  delete[] buf->base;
}

// A zero-length buffer makes libuv report UV_ENOBUFS to OnRead instead of reading.
void OnAlloc(uv_handle_t*, size_t suggested, uv_buf_t* buf) {
  *buf = uv_buf_init(nullptr, 0);
  NoThrow("node channel alloc callback",
          [&] { *buf = uv_buf_init(new char[suggested], static_cast<unsigned>(suggested)); });
}

}  // namespace

Result<NodeListenRequest> ParseNodeListenRequest(const nlohmann::json& message) {
  NodeListenRequest request;
  request.seq = message.value("seq", 0LL);
  const auto address = message.find("address");
  if (address == message.end() || !address->is_object()) {
    return Status::InvalidArgument("listen request without an address");
  }
  if (address->contains("path")) {
    const auto& path = (*address)["path"];
    if (!path.is_string() || path.get<std::string>().empty() || path.get<std::string>()[0] != '/') {
      return Status::InvalidArgument("listen request: path must be absolute");
    }
    request.address = path.get<std::string>();
    return request;
  }
  const auto port = address->value("port", -1LL);
  if (port <= 0 || port > 65535) return Status::InvalidArgument("listen request: bad port");
  const std::string host = address->value("host", std::string());
  const std::string p = std::to_string(port);
  if (host.empty() || host == "::") {
    request.address = p;  // Node's default: dual-stack [::], as ListenSocket binds a bare port
  } else if (host.find(':') != std::string::npos) {
    request.address = "[" + host + "]:" + p;
  } else {
    request.address = host + ":" + p;
  }
  return request;
}

Result<std::unique_ptr<NodeChannel>> NodeChannel::Open(uv_loop_t* loop, Callbacks callbacks) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::FromErrno("socketpair for the node channel", errno);
  }
  auto* pipe = new Pipe;
  pipe->callbacks = std::move(callbacks);
  uv_pipe_init(loop, &pipe->handle, 1);
  pipe->handle.data = pipe;
  auto channel = std::unique_ptr<NodeChannel>(new NodeChannel(pipe, fds[1]));
  if (int rc = uv_pipe_open(&pipe->handle, fds[0]); rc < 0) {
    ::close(fds[0]);
    return Status::FromUv("node channel: uv_pipe_open", rc);
  }
  uv_read_start(reinterpret_cast<uv_stream_t*>(&pipe->handle), OnAlloc, OnRead);
  return channel;
}

NodeChannel::~NodeChannel() {
  CloseChildEnd();
  pipe_->closing = true;
  pipe_->callbacks = {};
  uv_close(reinterpret_cast<uv_handle_t*>(&pipe_->handle),
           [](uv_handle_t* h) { delete static_cast<Pipe*>(h->data); });
}

void NodeChannel::CloseChildEnd() {
  if (child_fd_ < 0) return;
  ::close(child_fd_);
  child_fd_ = -1;
}

Status NodeChannel::Send(const nlohmann::json& message) {
  return Write(pipe_, message, nullptr);
}

}  // namespace tend

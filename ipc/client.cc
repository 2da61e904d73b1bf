#include "ipc/client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/byte_string_json.h"
#include "config/home_layout.h"
#include "ipc/frame_parts.h"

namespace tend::ipc {

Result<Client> Client::Connect(const std::string& socket_path) {
  if (socket_path.size() > MaxSocketPathLength()) {
    return Status::InvalidArgument(
        "socket path " + socket_path + " is " + std::to_string(socket_path.size()) +
        " bytes long; a Unix socket path may have at most " +
        std::to_string(MaxSocketPathLength()) + ": choose a shorter TEND_HOME");
  }
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::FromErrno("socket", errno);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == ENOENT || err == ECONNREFUSED) {
      return Status::Unavailable("no daemon listens on " + socket_path);
    }
    return Status::FromErrno("cannot connect to " + socket_path, err);
  }
  return Client(fd);
}

Client::Client(Client&& other) noexcept
    : fd_(other.fd_),
      next_id_(other.next_id_),
      splitter_(std::move(other.splitter_)),
      answers_(std::move(other.answers_)) {
  other.fd_ = -1;
}

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    next_id_ = other.next_id_;
    splitter_ = std::move(other.splitter_);
    answers_ = std::move(other.answers_);
    other.fd_ = -1;
  }
  return *this;
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

Status Client::WriteAll(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Unavailable(std::string("the daemon closed the connection: ") +
                                 std::strerror(errno));
    }
    off += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<int64_t> Client::Send(const std::string& cmd, const nlohmann::json& args) {
  Request req;
  req.id = next_id_++;
  req.cmd = cmd;
  req.args = args;
  TEND_RETURN_IF_ERROR(WriteAll(EncodeRequest(req)));
  return req.id;
}

Result<std::string> Client::ReadLine(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto line = ReadOneLine(deadline, timeout.count() >= 0);
    if (!line.ok()) return line;
    auto frame = answers_.Add(std::move(line).value());
    if (!frame.ok()) return frame.status();
    if (*frame) return std::move(**frame);
  }
}

Result<std::string> Client::ReadOneLine(std::chrono::steady_clock::time_point deadline,
                                        bool has_deadline) {
  std::string line;
  while (!splitter_.Next(&line)) {
    if (splitter_.overflow()) return Status::Protocol("the daemon sent an oversized frame");
    int wait_ms = -1;
    if (has_deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Status::Timeout("the daemon did not answer in time");
      wait_ms = static_cast<int>(left.count());
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int rc = ::poll(&pfd, 1, wait_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return Status::FromErrno("poll", errno);
    if (rc == 0) continue;  // re-check the deadline
    char buf[64 * 1024];
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Unavailable("the daemon closed the connection");
    splitter_.Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  return line;
}

Result<Response> Client::Read(std::chrono::milliseconds timeout) {
  auto line = ReadLine(timeout);
  if (!line.ok()) return line.status();
  return ParseResponse(*line, kMaxJoinedAnswerBytes);
}

Result<int64_t> Client::SendOrExplain(const std::string& cmd, const nlohmann::json& args) {
  auto id = Send(cmd, args);
  if (id.ok()) return id;
  // A daemon that refuses us (another uid) answers and closes at once, and
  // our write may land after the close: its explanation is still to be read.
  auto refusal = Read(std::chrono::milliseconds(200));
  if (refusal.ok() && refusal->kind == Response::Kind::kError) return refusal->error;
  return id.status();
}

namespace {

// Whether `r` answers request `id`: its own answer, or an error frame with id 0,
// which answers a request the daemon could not read at all.
bool Answers(const Response& r, int64_t id) {
  return r.id == id || (r.kind == Response::Kind::kError && r.id == 0);
}

}  // namespace

Result<nlohmann::json> Client::Call(const std::string& cmd, const nlohmann::json& args,
                                    std::chrono::milliseconds timeout) {
  auto id = SendOrExplain(cmd, args);
  if (!id.ok()) return id.status();
  for (;;) {
    auto r = Read(timeout);
    if (!r.ok()) return r.status();
    if (!Answers(*r, *id)) continue;
    if (r->kind == Response::Kind::kError) return r->error;
    return std::move(r->body);
  }
}

Result<std::string> Client::CallForText(const std::string& cmd, const nlohmann::json& args,
                                        std::chrono::milliseconds timeout) {
  auto id = SendOrExplain(cmd, args);
  if (!id.ok()) return id.status();
  for (;;) {
    auto line = ReadLine(timeout);
    if (!line.ok()) return line.status();
    if (auto text = ResultText(*line, *id)) return std::string(*text);
    auto r = ParseResponse(*line, kMaxJoinedAnswerBytes);
    if (!r.ok()) return r.status();
    if (!Answers(*r, *id)) continue;
    if (r->kind == Response::Kind::kError) return r->error;
    return SafeDump(r->body);
  }
}

}  // namespace tend::ipc

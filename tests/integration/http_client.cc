#include "tests/integration/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace tend::test {
namespace {

int ConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads one response with a Content-Length body (what Node's res.end(text) sends).
std::optional<HttpResponse> ReadResponse(int fd) {
  std::string data;
  char buf[4096];
  size_t header_end = std::string::npos;
  size_t need = 0;
  while (true) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + need) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return std::nullopt;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos &&
        (header_end = data.find("\r\n\r\n")) != std::string::npos) {
      const std::string head = data.substr(0, header_end);
      const auto cl = head.find("ontent-Length:");
      if (cl == std::string::npos) return std::nullopt;
      need = std::strtoul(head.c_str() + cl + 14, nullptr, 10);
    }
  }
  HttpResponse r;
  const std::string head = data.substr(0, header_end);
  r.status = std::atoi(head.c_str() + head.find(' ') + 1);
  r.body = data.substr(header_end + 4, need);
  std::string lower = head;
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  r.closes = lower.find("connection: close") != std::string::npos;
  return r;
}

std::string Request(const std::string& path, bool keep_alive) {
  return "GET " + path +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + (keep_alive ? "keep-alive" : "close") +
         "\r\n\r\n";
}

}  // namespace

bool SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

std::optional<HttpResponse> HttpGet(int port, const std::string& path) {
  const int fd = ConnectLoopback(port);
  if (fd < 0) return std::nullopt;
  std::optional<HttpResponse> r;
  if (SendAll(fd, Request(path, false))) r = ReadResponse(fd);
  ::close(fd);
  return r;
}

KeepAliveClient::~KeepAliveClient() {
  Close();
}

void KeepAliveClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool KeepAliveClient::Connect() {
  if (fd_ >= 0) return true;
  fd_ = ConnectLoopback(port_);
  if (fd_ >= 0) ++connections_;
  return fd_ >= 0;
}

std::optional<HttpResponse> KeepAliveClient::Get(const std::string& path) {
  if (!Connect()) return std::nullopt;
  std::optional<HttpResponse> r;
  if (SendAll(fd_, Request(path, true))) r = ReadResponse(fd_);
  if (!r || r->closes) Close();
  return r;
}

bool KeepAliveClient::ClosedByServerWithin(int ms) {
  if (fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return false;
  char c;
  const ssize_t n = ::recv(fd_, &c, 1, MSG_DONTWAIT);
  const bool closed = n == 0 || (n < 0 && errno != EAGAIN);
  if (closed) Close();
  return closed;
}

}  // namespace tend::test

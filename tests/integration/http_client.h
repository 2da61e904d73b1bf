#pragma once
// A minimal HTTP/1.1 client for the Node cluster tests: one request per connection, or
// a keep-alive connection reused the way wrk and browsers do (reconnecting after the
// server says `Connection: close`), so a request lost to a closing server is counted.

#include <optional>
#include <string>

namespace tend::test {

struct HttpResponse {
  int status = 0;
  std::string body;
  bool closes = false;  // the server said `Connection: close`
};

// Writes all of `data` to the connected socket `fd`, without SIGPIPE; false if the
// peer closed (or the write failed) before it took every byte.
bool SendAll(int fd, const std::string& data);

// GET `path` from 127.0.0.1:port on a new connection.
std::optional<HttpResponse> HttpGet(int port, const std::string& path = "/");

// One connection to 127.0.0.1:port, reused across requests while the server keeps it.
class KeepAliveClient {
 public:
  explicit KeepAliveClient(int port) : port_(port) {}
  ~KeepAliveClient();
  KeepAliveClient(const KeepAliveClient&) = delete;
  KeepAliveClient& operator=(const KeepAliveClient&) = delete;

  // nullopt: the request failed (refused, reset, or closed before a whole response).
  std::optional<HttpResponse> Get(const std::string& path = "/");
  // Connects now (a Get connects when needed); false if refused.
  bool Connect();
  // True once the server has closed this idle connection (EOF), waiting up to `ms`.
  bool ClosedByServerWithin(int ms);
  int connections() const { return connections_; }

 private:
  void Close();
  int port_;
  int fd_ = -1;
  int connections_ = 0;
};

}  // namespace tend::test

#pragma once
// The CLI's side of the socket: a blocking client that sends requests and reads
// frames with deadlines. One connection, one thread, no libuv.

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "config/status.h"
#include "ipc/frame_decoder.h"
#include "ipc/protocol.h"

namespace tend::ipc {

class Client {
 public:
  // Unavailable when nothing listens (ENOENT, ECONNREFUSED): the caller may start a daemon.
  static Result<Client> Connect(const std::string& socket_path);

  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  // Sends a request with a fresh id; returns the id.
  Result<int64_t> Send(const std::string& cmd, const nlohmann::json& args);
  // Reads the next frame; timeout < 0 waits forever. Timeout on expiry,
  // Unavailable when the daemon closed the connection.
  Result<Response> Read(std::chrono::milliseconds timeout);
  // Send, then wait for that request's answer; an error answer becomes a Status.
  Result<nlohmann::json> Call(const std::string& cmd, const nlohmann::json& args,
                              std::chrono::milliseconds timeout);
  // The same, answering the result as the daemon's JSON text (for printing it as is).
  Result<std::string> CallForText(const std::string& cmd, const nlohmann::json& args,
                                  std::chrono::milliseconds timeout);

  // The next frame's text, joined from its parts and not parsed (a reader that keeps many
  // events and looks at few: tend monit's log pane); the errors of Read().
  Result<std::string> ReadFrameText(std::chrono::milliseconds timeout) { return ReadLine(timeout); }

  int fd() const { return fd_; }

 private:
  explicit Client(int fd) : fd_(fd) {}
  Status WriteAll(const std::string& bytes);
  // The next frame, unparsed and joined from its parts; the errors of Read().
  Result<std::string> ReadLine(std::chrono::milliseconds timeout);
  // The next line as it came (a part frame too).
  Result<std::string> ReadOneLine(std::chrono::steady_clock::time_point deadline,
                                  bool has_deadline);
  // Send() whose failure may be a refusal the daemon explained before closing.
  Result<int64_t> SendOrExplain(const std::string& cmd, const nlohmann::json& args);

  int fd_ = -1;
  int64_t next_id_ = 1;
  FrameSplitter splitter_;
  AnswerJoiner answers_;
};

}  // namespace tend::ipc

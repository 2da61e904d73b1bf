#pragma once
// The wire protocol's codec: newline-delimited JSON frames, versioned, with
// request ids, error codes and streams. The format is specified in
// docs/protocol.md; this file is its only implementation. Pure: no I/O.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "config/status.h"

namespace tend::ipc {

inline constexpr int kProtocolVersion = 1;
// A line larger than this is refused; a longer frame is sent in parts.
inline constexpr size_t kMaxFrameBytes = 4u << 20;
// A frame sent in parts (frame_parts.h) may be longer: up to these, joined.
// The daemon's bound keeps a peer from making it hold more per connection.
inline constexpr size_t kMaxJoinedRequestBytes = 64u << 20;
inline constexpr size_t kMaxJoinedAnswerBytes = 1u << 30;

struct Request {
  int64_t id = 0;
  std::string cmd;
  nlohmann::json args = nlohmann::json::object();
  int version = kProtocolVersion;
};

// One frame from the daemon: an answer, an error, a stream event or a stream end.
struct Response {
  enum class Kind { kResult, kError, kEvent, kEnd };
  int64_t id = 0;
  Kind kind = Kind::kResult;
  nlohmann::json body;  // result or event
  Status error;         // kError only
};

// Checks size, JSON syntax, shape, version; the error names what is wrong.
// `max_bytes` is larger only for a frame joined from parts (frame_parts.h).
Result<Request> ParseRequest(std::string_view line, size_t max_bytes = kMaxFrameBytes);
Result<Response> ParseResponse(std::string_view line, size_t max_bytes = kMaxFrameBytes);

// Each returns one frame including its trailing newline, or, when that frame
// would pass kMaxFrameBytes, the same frame as a run of part frames
// (frame_parts.h). Never throws, even on strings that are not UTF-8 (they are
// replaced; byte-exact fields must use byte_string_json.h).
std::string EncodeRequest(const Request& request);
std::string EncodeResult(int64_t id, const nlohmann::json& result);
// The result's own JSON text in `line` when it is a result frame for `id` as EncodeResult
// writes it, without parsing it: a client that only prints a large result (`ls --json`)
// skips a parse and a dump. nullopt for any other frame (parse that one).
std::optional<std::string_view> ResultText(std::string_view line, int64_t id);
std::string EncodeError(int64_t id, const Status& status);
std::string EncodeEvent(int64_t id, const nlohmann::json& event);
std::string EncodeEnd(int64_t id);

// Splits a byte stream into lines. A line longer than the cap sets overflow():
// the peer must then be answered with an error and dropped, since a frame
// boundary can no longer be trusted.
class FrameSplitter {
 public:
  explicit FrameSplitter(size_t max_frame = kMaxFrameBytes) : max_frame_(max_frame) {}
  void Feed(std::string_view bytes);
  // Moves the next complete line (without '\n') into *line; false if none.
  bool Next(std::string* line);
  bool overflow() const { return overflow_; }
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  // The next '\n' at or after consumed_, searching only bytes not searched before: a 4 MB
  // frame read 64 KB at a time is scanned once, not once per read.
  size_t FindNewline();

  std::string buffer_;
  size_t consumed_ = 0;
  size_t scanned_ = 0;  // no '\n' in [consumed_, scanned_)
  size_t max_frame_;
  bool overflow_ = false;
};

}  // namespace tend::ipc

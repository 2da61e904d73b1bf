#pragma once
// What each side makes of the lines it reads, without a socket: the daemon's
// RequestDecoder turns a peer's lines into requests or the error to answer, the
// client's AnswerJoiner joins the daemon's part frames. ipc::Server and
// ipc::Client read through these, and tests/fuzz feeds them hostile bytes. Pure:
// no I/O, and nothing here throws.

#include <cstdint>
#include <optional>
#include <string>

#include "config/status.h"
#include "ipc/frame_parts.h"
#include "ipc/protocol.h"

namespace tend::ipc {

// One line of a peer, decoded: nothing yet (a part of a longer frame), a request
// for the handler, or an error frame to answer with.
struct DecodedLine {
  enum class Kind { kPending, kRequest, kError };
  Kind kind = Kind::kPending;
  Request request;       // kRequest
  int64_t error_id = 0;  // kError: the id to answer with (0 when the line has none)
  Status error;          // kError
  bool close = false;    // kError: close the connection after the answer (parts refused)
};

// The daemon's reading of one connection's lines (docs/protocol.md): requests,
// long requests as parts (joined up to kMaxJoinedRequestBytes), and the error
// each malformed line is answered with.
class RequestDecoder {
 public:
  DecodedLine Decode(const std::string& line);

 private:
  DecodedLine DecodePart(const nlohmann::json& part);
  static DecodedLine DecodeRequest(const std::string& line, size_t max_bytes);

  PartJoiner joiner_{kMaxJoinedRequestBytes};
};

// The client's joining of the daemon's lines: a line that is no part frame is a
// whole frame; part frames are joined (up to kMaxJoinedAnswerBytes).
class AnswerJoiner {
 public:
  // The whole frame once `line` completes one, nullopt while parts are due;
  // Protocol when a part is malformed or the joined frame too long.
  Result<std::optional<std::string>> Add(std::string line);

 private:
  PartJoiner joiner_{kMaxJoinedAnswerBytes};
};

}  // namespace tend::ipc

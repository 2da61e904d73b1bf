// The daemon's side of the socket, from bytes to requests: FrameSplitter (in
// chunks and at once, with a small line limit too), RequestDecoder (part frames,
// ParseRequest, the id an error is answered with), and the round trip of every
// request and error frame through the encoders.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/frame_decoder.h"
#include "ipc/protocol.h"
#include "ipc/verbs.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using tend::ipc::DecodedLine;
using tend::ipc::FrameSplitter;

// The lines a splitter yields from `bytes` fed in chunks of `chunk` bytes (0: at once),
// and whether it overflowed.
std::vector<std::string> Split(std::string_view bytes, size_t chunk, size_t max_frame,
                               bool* overflow) {
  FrameSplitter splitter(max_frame);
  std::vector<std::string> lines;
  std::string line;
  size_t at = 0;
  do {
    const size_t n = chunk == 0 ? bytes.size() : std::min(chunk, bytes.size() - at);
    splitter.Feed(bytes.substr(at, n));
    at += n;
    while (splitter.Next(&line)) {
      FUZZ_CHECK(line.size() <= max_frame);
      FUZZ_CHECK(line.find('\n') == std::string::npos);
      lines.push_back(line);
    }
  } while (at < bytes.size());
  *overflow = splitter.overflow();
  return lines;
}

void CheckRequest(const tend::ipc::Request& request) {
  FUZZ_CHECK(!request.cmd.empty());
  FUZZ_CHECK(request.args.is_object());
  (void)tend::ipc::FindVerb(request.cmd);
  // What the CLI would send for it reads back as the same request.
  const std::string frame = tend::ipc::EncodeRequest(request);
  FUZZ_CHECK(!frame.empty() && frame.back() == '\n');
  auto again = tend::ipc::ParseRequest(std::string_view(frame).substr(0, frame.size() - 1));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->id == request.id && again->cmd == request.cmd && again->args == request.args &&
             again->version == request.version);
}

void CheckError(const DecodedLine& decoded) {
  FUZZ_CHECK(!decoded.error.ok());
  FUZZ_CHECK(!decoded.error.message().empty());
  // The answer the daemon sends reads back as that error.
  const std::string frame = tend::ipc::EncodeError(decoded.error_id, decoded.error);
  auto answer = tend::ipc::ParseResponse(std::string_view(frame).substr(0, frame.size() - 1));
  FUZZ_CHECK(answer.ok());
  FUZZ_CHECK(answer->kind == tend::ipc::Response::Kind::kError);
  FUZZ_CHECK(answer->id == decoded.error_id);
  FUZZ_CHECK(answer->error.code() == decoded.error.code());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  bool overflow = false;
  const auto lines = Split(bytes, 0, tend::ipc::kMaxFrameBytes, &overflow);
  // The same bytes in small reads make the same lines.
  bool chunked_overflow = false;
  FUZZ_CHECK(Split(bytes, size % 13 + 1, tend::ipc::kMaxFrameBytes, &chunked_overflow) == lines);
  FUZZ_CHECK(chunked_overflow == overflow);
  // A small limit: the same lines up to the first long one, then nothing.
  bool small_overflow = false;
  const auto small = Split(bytes, size % 7 + 1, 64, &small_overflow);
  FUZZ_CHECK(small.size() <= lines.size());
  for (size_t i = 0; i < small.size(); ++i)
    FUZZ_CHECK(small[i] == lines[i]);

  tend::ipc::RequestDecoder decoder;
  for (const auto& line : lines) {
    if (line.empty()) continue;  // the server skips empty lines
    const DecodedLine decoded = decoder.Decode(line);
    if (decoded.kind == DecodedLine::Kind::kRequest) CheckRequest(decoded.request);
    if (decoded.kind == DecodedLine::Kind::kError) CheckError(decoded);
  }
  return 0;
}

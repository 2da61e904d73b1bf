// The CLI's side of the socket, from the daemon's bytes to answers: FrameSplitter,
// AnswerJoiner (part frames), ParseResponse and ResultText (the unparsed result of
// `ls --json`), and the round trip of each answer through the daemon's encoders.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/byte_string_json.h"
#include "ipc/frame_decoder.h"
#include "ipc/protocol.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using tend::ipc::Response;

std::string_view WithoutNewline(const std::string& frame) {
  FUZZ_CHECK(!frame.empty() && frame.back() == '\n');
  return std::string_view(frame).substr(0, frame.size() - 1);
}

// The daemon's encoding of `r` reads back as `r`; a result's text is the result's JSON.
void CheckRoundTrip(const Response& r) {
  switch (r.kind) {
    case Response::Kind::kResult: {
      const std::string frame = tend::ipc::EncodeResult(r.id, r.body);
      const auto text = tend::ipc::ResultText(WithoutNewline(frame), r.id);
      FUZZ_CHECK(text.has_value() && *text == tend::SafeDump(r.body));
      auto again = tend::ipc::ParseResponse(WithoutNewline(frame));
      FUZZ_CHECK(again.ok() && again->kind == r.kind && again->body == r.body);
      return;
    }
    case Response::Kind::kError: {
      FUZZ_CHECK(!r.error.ok());
      auto again = tend::ipc::ParseResponse(WithoutNewline(tend::ipc::EncodeError(r.id, r.error)));
      FUZZ_CHECK(again.ok() && again->kind == r.kind && again->error.code() == r.error.code() &&
                 again->error.message() == r.error.message());
      return;
    }
    case Response::Kind::kEvent: {
      auto again = tend::ipc::ParseResponse(WithoutNewline(tend::ipc::EncodeEvent(r.id, r.body)));
      FUZZ_CHECK(again.ok() && again->kind == r.kind && again->body == r.body);
      return;
    }
    case Response::Kind::kEnd: {
      auto again = tend::ipc::ParseResponse(WithoutNewline(tend::ipc::EncodeEnd(r.id)));
      FUZZ_CHECK(again.ok() && again->kind == r.kind && again->id == r.id);
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tend::ipc::FrameSplitter splitter;
  tend::ipc::AnswerJoiner joiner;
  std::string line;
  // In reads of a few bytes, as a slow socket delivers them.
  const size_t chunk = size % 11 + 1;
  for (size_t at = 0; at < bytes.size(); at += chunk) {
    splitter.Feed(bytes.substr(at, chunk));
    while (splitter.Next(&line)) {
      auto frame = joiner.Add(line);
      if (!frame.ok()) {
        FUZZ_CHECK(frame.status().code() == tend::Code::kProtocol);
        continue;  // the client gives up on the connection; go on to test more lines
      }
      if (!frame->has_value()) continue;
      (void)tend::ipc::ResultText(**frame, 1);
      auto response = tend::ipc::ParseResponse(**frame, tend::ipc::kMaxJoinedAnswerBytes);
      if (response.ok()) CheckRoundTrip(*response);
    }
  }
  return 0;
}

#include "ipc/frame_decoder.h"

namespace tend::ipc {
namespace {

DecodedLine Error(int64_t id, Status status, bool close) {
  DecodedLine out;
  out.kind = DecodedLine::Kind::kError;
  out.error_id = id;
  out.error = std::move(status);
  out.close = close;
  return out;
}

}  // namespace

DecodedLine RequestDecoder::Decode(const std::string& line) {
  // A part frame is rare and must mention "part": only then parse twice.
  if (line.find("\"part\"") != std::string::npos) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (PartJoiner::IsPart(j)) return DecodePart(j);
  }
  return DecodeRequest(line, kMaxFrameBytes);
}

DecodedLine RequestDecoder::DecodePart(const nlohmann::json& part) {
  std::string frame;
  const int64_t id = joiner_.id();
  auto done = joiner_.Add(part, &frame);
  // What follows a refused part belongs to a frame that was refused: close.
  if (!done.ok()) return Error(id, done.status(), /*close=*/true);
  if (!*done) return DecodedLine{};
  auto joined = nlohmann::json::parse(frame, nullptr, false);
  if (PartJoiner::IsPart(joined)) {
    return Error(0, Status::Protocol("a frame joined from parts is itself a part"), false);
  }
  return DecodeRequest(frame, kMaxJoinedRequestBytes);
}

DecodedLine RequestDecoder::DecodeRequest(const std::string& line, size_t max_bytes) {
  auto request = ParseRequest(line, max_bytes);
  if (!request.ok()) {
    // The id is unknown when the frame is garbage: answer with id 0.
    int64_t id = 0;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_object() && j.contains("id") && j["id"].is_number_integer()) {
      id = j["id"].get<int64_t>();
    }
    return Error(id, request.status(), false);
  }
  DecodedLine out;
  out.kind = DecodedLine::Kind::kRequest;
  out.request = std::move(request).value();
  return out;
}

Result<std::optional<std::string>> AnswerJoiner::Add(std::string line) {
  if (!StartsLikePart(line)) return std::optional<std::string>(std::move(line));
  std::string frame;
  // Item parts are read by their text (nothing to unescape); string parts are parsed.
  Result<bool> done = PartJoiner::IsItemsPart(line)
                          ? joiner_.AddItems(line, &frame)
                          : joiner_.Add(nlohmann::json::parse(line, nullptr, false), &frame);
  if (!done.ok()) return done.status();
  if (!*done) return std::optional<std::string>();
  return std::optional<std::string>(std::move(frame));
}

}  // namespace tend::ipc

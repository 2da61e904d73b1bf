#include "ipc/frame_parts.h"

#include "config/byte_string_json.h"
#include "ipc/protocol.h"

namespace tend::ipc {
namespace {

// The end of a piece that starts at `from`: at most kPartBytes on, never inside
// a UTF-8 sequence (the frame's text is valid UTF-8, so each piece is too).
size_t PieceEnd(const std::string& text, size_t from) {
  size_t end = std::min(text.size(), from + kPartBytes);
  while (end < text.size() && end > from + 1 &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return end;
}

}  // namespace

std::string SplitLongFrame(int64_t id, std::string frame) {
  if (frame.size() <= kMaxFrameBytes + 1) return frame;  // + its '\n'
  frame.pop_back();
  std::string out;
  out.reserve(frame.size() + frame.size() / 8);
  for (size_t from = 0; from < frame.size();) {
    const size_t end = PieceEnd(frame, from);
    const bool more = end < frame.size();
    out += "{\"id\":" + std::to_string(id) + ",\"more\":" + (more ? "true" : "false") +
           ",\"part\":" + SafeDump(frame.substr(from, end - from)) + "}\n";
    from = end;
  }
  return out;
}

bool StartsLikePart(std::string_view line) {
  constexpr std::string_view kId = "{\"id\":";
  constexpr std::string_view kMore = ",\"more\":";
  if (line.substr(0, kId.size()) != kId) return false;
  size_t i = kId.size();
  if (i < line.size() && line[i] == '-') ++i;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9')
    ++i;
  return line.substr(i, kMore.size()) == kMore;
}

Status PartJoiner::Fail(Status status) {
  active_ = false;
  joined_.clear();
  joined_.shrink_to_fit();
  return status;
}

Result<bool> PartJoiner::Add(const nlohmann::json& part, std::string* frame) {
  const auto id = part.find("id");
  const auto text = part.find("part");
  const auto more = part.find("more");
  if (id == part.end() || !id->is_number_integer() || text == part.end() || !text->is_string() ||
      more == part.end() || !more->is_boolean()) {
    return Fail(Status::Protocol(
        "a part frame needs an integer \"id\", a string \"part\" and a boolean \"more\""));
  }
  if (active_ && id->get<int64_t>() != id_) {
    return Fail(Status::Protocol("a part of frame " + std::to_string(id->get<int64_t>()) +
                                 " came before frame " + std::to_string(id_) + " was complete"));
  }
  const auto& piece = text->get_ref<const std::string&>();
  if (joined_.size() + piece.size() > max_bytes_) {
    return Fail(Status::Protocol("a frame sent in parts exceeds the " + std::to_string(max_bytes_) +
                                 "-byte limit"));
  }
  active_ = true;
  id_ = id->get<int64_t>();
  joined_ += piece;
  if (more->get<bool>()) return false;
  *frame = std::move(joined_);
  joined_ = std::string();
  active_ = false;
  return true;
}

}  // namespace tend::ipc

#include "ipc/frame_parts.h"

#include <charconv>
#include <optional>

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

constexpr std::string_view kIdKey = "{\"id\":";
constexpr std::string_view kMoreKey = ",\"more\":";
constexpr std::string_view kItemsKey = ",\"items\":[";

// One line of item parts, read by its text: {"id":N,"more":B,"items":[<items>]}.
struct ItemsLine {
  int64_t id = 0;
  bool more = false;
  std::string_view items;  // the elements' text, without the brackets
};

// Reads "<int>,"more":<bool>" from the start of `rest`, advancing it.
bool ReadIdAndMore(std::string_view& rest, int64_t* id, bool* more) {
  if (rest.substr(0, kIdKey.size()) != kIdKey) return false;
  rest.remove_prefix(kIdKey.size());
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *id);
  if (ec != std::errc()) return false;
  rest.remove_prefix(static_cast<size_t>(end - rest.data()));
  if (rest.substr(0, kMoreKey.size()) != kMoreKey) return false;
  rest.remove_prefix(kMoreKey.size());
  for (std::string_view word : {"true", "false"}) {
    if (rest.substr(0, word.size()) == word) {
      *more = word == "true";
      rest.remove_prefix(word.size());
      return true;
    }
  }
  return false;
}

std::optional<ItemsLine> ReadItemsLine(std::string_view line) {
  ItemsLine out;
  std::string_view rest = line;
  if (!ReadIdAndMore(rest, &out.id, &out.more)) return std::nullopt;
  if (rest.substr(0, kItemsKey.size()) != kItemsKey) return std::nullopt;
  rest.remove_prefix(kItemsKey.size());
  if (rest.size() < 2 || rest.substr(rest.size() - 2) != "]}") return std::nullopt;
  out.items = rest.substr(0, rest.size() - 2);
  return out;
}

// Elements [from, to) of `elements`, comma-separated.
void AppendJoined(std::string& out, const std::vector<std::string>& elements, size_t from,
                  size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += ',';
    out += elements[i];
  }
}

}  // namespace

std::string SplitLongArrayResult(int64_t id, const std::vector<std::string>& elements) {
  const std::string id_text = std::to_string(id);
  size_t total = 0;
  bool each_fits = true;
  for (const auto& e : elements) {
    total += e.size() + 1;
    each_fits = each_fits && e.size() + 64 <= kMaxFrameBytes;
  }
  if (total + 64 <= kMaxFrameBytes || !each_fits) {
    std::string frame = "{\"id\":" + id_text + ",\"ok\":true,\"result\":[";
    frame.reserve(frame.size() + total + 3);
    AppendJoined(frame, elements, 0, elements.size());
    frame += "]}\n";
    return SplitLongFrame(id, std::move(frame));
  }
  std::string out;
  out.reserve(total + (total / kPartBytes + 1) * 64);
  for (size_t from = 0; from < elements.size();) {
    size_t to = from + 1;
    size_t bytes = elements[from].size();
    while (to < elements.size() && bytes + elements[to].size() + 1 <= kPartBytes)
      bytes += elements[to++].size() + 1;
    const bool more = to < elements.size();
    out += "{\"id\":" + id_text + ",\"more\":" + (more ? "true" : "false") + ",\"items\":[";
    AppendJoined(out, elements, from, to);
    out += "]}\n";
    from = to;
  }
  return out;
}

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
  if (line.substr(0, kIdKey.size()) != kIdKey) return false;
  size_t i = kIdKey.size();
  if (i < line.size() && line[i] == '-') ++i;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9')
    ++i;
  return line.substr(i, kMoreKey.size()) == kMoreKey;
}

bool PartJoiner::IsItemsPart(std::string_view line) {
  int64_t id = 0;
  bool more = false;
  return ReadIdAndMore(line, &id, &more) && line.substr(0, kItemsKey.size()) == kItemsKey;
}

Result<bool> PartJoiner::AddItems(std::string_view line, std::string* frame) {
  const auto part = ReadItemsLine(line);
  if (!part) {
    return Fail(Status::Protocol("an item part must read {\"id\":N,\"more\":B,\"items\":[...]}"));
  }
  if (active_ && (part->id != id_ || !items_)) {
    return Fail(Status::Protocol("an item part of frame " + std::to_string(part->id) +
                                 " came before frame " + std::to_string(id_) + " was complete"));
  }
  if (!active_) joined_ = "{\"id\":" + std::to_string(part->id) + ",\"ok\":true,\"result\":[";
  if (joined_.size() + part->items.size() + 3 > max_bytes_) {
    return Fail(Status::Protocol("a frame sent in parts exceeds the " + std::to_string(max_bytes_) +
                                 "-byte limit"));
  }
  active_ = true;
  items_ = true;
  id_ = part->id;
  if (!part->items.empty()) {
    if (joined_.back() != '[') joined_ += ',';
    joined_.append(part->items);
  }
  if (part->more) return false;
  joined_ += "]}";
  *frame = std::move(joined_);
  joined_ = std::string();
  active_ = false;
  return true;
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
  if (active_ && (id->get<int64_t>() != id_ || items_)) {
    return Fail(Status::Protocol("a part of frame " + std::to_string(id->get<int64_t>()) +
                                 " came before frame " + std::to_string(id_) + " was complete"));
  }
  const auto& piece = text->get_ref<const std::string&>();
  if (joined_.size() + piece.size() > max_bytes_) {
    return Fail(Status::Protocol("a frame sent in parts exceeds the " + std::to_string(max_bytes_) +
                                 "-byte limit"));
  }
  active_ = true;
  items_ = false;
  id_ = id->get<int64_t>();
  joined_ += piece;
  if (more->get<bool>()) return false;
  *frame = std::move(joined_);
  joined_ = std::string();
  active_ = false;
  return true;
}

}  // namespace tend::ipc

#pragma once
// Frames longer than kMaxFrameBytes travel as a run of part frames
// (docs/protocol.md#long-frames): the sender cuts the long frame's text into
// pieces, each a JSON string in {"id":N,"more":true,"part":"..."}, the last with
// "more":false; the receiver joins the pieces and reads them as that one frame.
// Every line stays a small JSON object, so the limit keeps guarding each line.
// Pure: no I/O.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace tend::ipc {

// Bytes of the long frame per part. Escaping at most doubles them, so a part
// frame stays far under kMaxFrameBytes.
inline constexpr size_t kPartBytes = 1u << 20;

// `frame` (one line with its '\n') unchanged when it fits kMaxFrameBytes, else
// the same frame as part frames for `id`, all in one string.
std::string SplitLongFrame(int64_t id, std::string frame);

// The answer {"id":id,"ok":true,"result":[elements...]} as one frame when it fits
// kMaxFrameBytes; else as *item parts* when every element fits one: lines
// {"id":N,"more":true,"items":[...]} ... {"id":N,"more":false,"items":[...]}, each holding
// whole elements of the array as JSON values (nothing escaped; at most kPartBytes of
// elements each, or one element); else as SplitLongFrame's string parts. `elements`: the
// JSON text of each element, valid and from this process (the daemon), never a peer's.
std::string SplitLongArrayResult(int64_t id, const std::vector<std::string>& elements);

// Whether `line` is a part frame as SplitLongFrame or SplitLongArrayResult writes it,
// looking only at its first bytes: a reader of the daemon's frames tells parts
// from answers without parsing every answer twice.
bool StartsLikePart(std::string_view line);

// Joins part frames back into their long frame. One long frame at a time: the
// parts of one frame are consecutive on a connection.
class PartJoiner {
 public:
  explicit PartJoiner(size_t max_bytes) : max_bytes_(max_bytes) {}

  // Whether `j` is a part frame (an object with "part"), in any key order.
  static bool IsPart(const nlohmann::json& j) { return j.is_object() && j.contains("part"); }

  // Adds one part. true with the whole frame (without '\n') in *frame when it
  // was the last; false when more are due. Protocol when the part is malformed,
  // belongs to another id than the parts before it, or the joined frame would
  // pass max_bytes; the joiner is then empty again.
  Result<bool> Add(const nlohmann::json& part, std::string* frame);
  // The same for a line of item parts, read by its text: the joined frame is the answer
  // {"id":N,"ok":true,"result":[...]} holding every part's items in order. A line that
  // is not an item part as SplitLongArrayResult writes it is a Protocol error.
  Result<bool> AddItems(std::string_view line, std::string* frame);
  // Whether `line` (a part, StartsLikePart) holds items rather than a piece of text.
  static bool IsItemsPart(std::string_view line);
  // The id of the frame being joined, 0 when none.
  int64_t id() const { return active_ ? id_ : 0; }

 private:
  Status Fail(Status status);
  size_t max_bytes_;
  bool active_ = false;
  bool items_ = false;  // the parts being joined are item parts
  int64_t id_ = 0;
  std::string joined_;
};

}  // namespace tend::ipc

#include "ipc/protocol.h"

#include <algorithm>

#include "config/byte_string_json.h"
#include "ipc/frame_parts.h"

namespace tend::ipc {
namespace {

using nlohmann::json;

Result<json> ParseObject(std::string_view line, size_t max_bytes) {
  if (line.size() > max_bytes) {
    return Status::Protocol("frame of " + std::to_string(line.size()) + " bytes exceeds the " +
                            std::to_string(max_bytes) + "-byte limit");
  }
  json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Protocol("frame is not valid JSON");
  if (!j.is_object()) return Status::Protocol("frame is not a JSON object");
  return j;
}

Result<int64_t> ParseId(const json& j) {
  auto it = j.find("id");
  if (it == j.end()) return Status::Protocol("frame has no \"id\"");
  if (!it->is_number_integer()) return Status::Protocol("\"id\" must be an integer");
  return it->get<int64_t>();
}

// The error of an error answer: its code and message where they are strings, else
// internal and a message saying there was none. Never ok: an error frame must never read
// as success.
Status ErrorOf(const json& j) {
  std::string code = "internal";
  std::string message = "the daemon answered an error without a message";
  if (auto err = j.find("error"); err != j.end() && err->is_object()) {
    if (auto c = err->find("code"); c != err->end() && c->is_string()) code = *c;
    if (auto m = err->find("message"); m != err->end() && m->is_string() && !m->empty()) {
      message = *m;
    }
  }
  Status status(CodeFromName(code), message);
  return status.ok() ? Status::Internal(message) : status;
}

std::string Frame(const json& j) {
  return SafeDump(j) + "\n";
}

}  // namespace

Result<Request> ParseRequest(std::string_view line, size_t max_bytes) {
  auto parsed = ParseObject(line, max_bytes);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  Request req;
  auto id = ParseId(j);
  if (!id.ok()) return id.status();
  req.id = *id;
  auto v = j.find("v");
  if (v == j.end() || !v->is_number_integer()) {
    return Status::Protocol("frame has no integer \"v\" (protocol version)");
  }
  // Compared as the number it is: get<int>() would read 4294967297 as 1.
  const bool same = v->is_number_unsigned()
                        ? v->get<uint64_t>() == static_cast<uint64_t>(kProtocolVersion)
                        : v->get<int64_t>() == kProtocolVersion;
  if (!same) {
    return Status::Protocol("protocol version " + v->dump() +
                            " is not supported (this daemon speaks " +
                            std::to_string(kProtocolVersion) + ")");
  }
  req.version = kProtocolVersion;
  auto cmd = j.find("cmd");
  if (cmd == j.end() || !cmd->is_string() || cmd->get_ref<const std::string&>().empty()) {
    return Status::Protocol("frame has no \"cmd\" string");
  }
  req.cmd = cmd->get<std::string>();
  if (auto args = j.find("args"); args != j.end()) {
    if (!args->is_object()) return Status::Protocol("\"args\" must be an object");
    req.args = *args;
  }
  return req;
}

Result<Response> ParseResponse(std::string_view line, size_t max_bytes) {
  auto parsed = ParseObject(line, max_bytes);
  if (!parsed.ok()) return parsed.status();
  json& j = *parsed;  // bodies are moved out, not copied: a list can be large
  Response r;
  auto id = ParseId(j);
  if (!id.ok()) return id.status();
  r.id = *id;
  // Every member is looked up with its type checked: json::value() throws on another type.
  const auto ok = j.find("ok");
  if (auto event = j.find("event"); event != j.end()) {
    r.kind = Response::Kind::kEvent;
    r.body = std::move(*event);
  } else if (auto end = j.find("end"); end != j.end() && *end == true) {
    r.kind = Response::Kind::kEnd;
  } else if (ok != j.end() && ok->is_boolean() && ok->get<bool>()) {
    r.kind = Response::Kind::kResult;
    if (auto it = j.find("result"); it != j.end()) r.body = std::move(*it);
  } else if (ok != j.end() && ok->is_boolean()) {
    r.kind = Response::Kind::kError;
    r.error = ErrorOf(j);
  } else {
    return Status::Protocol("frame is neither an answer, an event nor an end");
  }
  return r;
}

std::string EncodeRequest(const Request& request) {
  return SplitLongFrame(request.id, Frame({{"v", request.version},
                                           {"id", request.id},
                                           {"cmd", request.cmd},
                                           {"args", request.args}}));
}

namespace {

// A result already written as JSON text.
std::string EncodeResultText(int64_t id, std::string_view result_json) {
  // Written around the result rather than copying it into a wrapper object.
  std::string frame = "{\"id\":" + std::to_string(id) + ",\"ok\":true,\"result\":";
  frame.reserve(frame.size() + result_json.size() + 2);
  frame.append(result_json);
  frame += "}\n";
  return SplitLongFrame(id, std::move(frame));
}

}  // namespace

std::string EncodeResult(int64_t id, const json& result) {
  std::string text = SafeDump(result);
  if (text.size() + 64 <= kMaxFrameBytes || !result.is_array()) {
    return EncodeResultText(id, text);
  }
  // A long list: whole elements per line (item parts), so nothing is escaped twice. Its
  // elements are dumped a second time here: the short answers (nearly all) pay one dump,
  // and only an answer past 4 MiB pays two.
  std::vector<std::string> elements;
  elements.reserve(result.size());
  for (const auto& element : result)
    elements.push_back(SafeDump(element));
  return SplitLongArrayResult(id, elements);
}

std::optional<std::string_view> ResultText(std::string_view line, int64_t id) {
  const std::string prefix = "{\"id\":" + std::to_string(id) + ",\"ok\":true,\"result\":";
  if (line.size() < prefix.size() + 2 || line.substr(0, prefix.size()) != prefix ||
      line.back() != '}') {
    return std::nullopt;
  }
  return line.substr(prefix.size(), line.size() - prefix.size() - 1);
}

std::string EncodeError(int64_t id, const Status& status) {
  return SplitLongFrame(
      id, Frame({{"id", id},
                 {"ok", false},
                 {"error", {{"code", CodeName(status.code())}, {"message", status.message()}}}}));
}

std::string EncodeEvent(int64_t id, const json& event) {
  return SplitLongFrame(id,
                        "{\"id\":" + std::to_string(id) + ",\"event\":" + SafeDump(event) + "}\n");
}

std::string EncodeEnd(int64_t id) {
  return Frame({{"id", id}, {"end", true}});
}

void FrameSplitter::Feed(std::string_view bytes) {
  if (overflow_) return;
  // Compact before growing so a long-lived connection does not keep old bytes.
  if (consumed_ > 0 && consumed_ == buffer_.size()) {
    buffer_.clear();
    scanned_ = 0;
    consumed_ = 0;
  } else if (consumed_ > 64 * 1024) {
    buffer_.erase(0, consumed_);
    scanned_ = scanned_ > consumed_ ? scanned_ - consumed_ : 0;
    consumed_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
  const size_t nl = FindNewline();
  const size_t pending = (nl == std::string::npos ? buffer_.size() : nl) - consumed_;
  if (pending > max_frame_) overflow_ = true;
}

size_t FrameSplitter::FindNewline() {
  const size_t nl = buffer_.find('\n', std::max(consumed_, scanned_));
  scanned_ = nl == std::string::npos ? buffer_.size() : nl;
  return nl;
}

bool FrameSplitter::Next(std::string* line) {
  if (overflow_) return false;
  const size_t nl = FindNewline();
  if (nl == std::string::npos) {
    if (buffer_.size() - consumed_ > max_frame_) overflow_ = true;
    return false;
  }
  if (nl - consumed_ > max_frame_) {
    overflow_ = true;
    return false;
  }
  line->assign(buffer_, consumed_, nl - consumed_);
  if (!line->empty() && line->back() == '\r') line->pop_back();
  consumed_ = nl + 1;
  return true;
}

}  // namespace tend::ipc

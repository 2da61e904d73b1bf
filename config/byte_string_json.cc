#include "config/byte_string_json.h"

#include <fmt/format.h>

#include <array>

#include "config/control_chars.h"

namespace tend {
namespace {
constexpr char kBytesKey[] = "$bytes";
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

bool IsValidUtf8(std::string_view s) {
  char32_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Status RequireUtf8Text(std::string_view text) {
  if (IsValidUtf8(text)) return Status::Ok();
  return Status::InvalidArgument(QuoteForMessage(text, '"', 80) +
                                 " is not valid UTF-8 (a text option must be)");
}

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += rest == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return Status::InvalidArgument("base64 length is not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    std::array<int, 4> v{};
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return Status::InvalidArgument("base64 padding in the middle");
      v[k] = DecodeChar(c);
      if (v[k] < 0) return Status::InvalidArgument("invalid base64 character");
    }
    const uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

nlohmann::json BytesToJson(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  return nlohmann::json{{kBytesKey, Base64Encode(bytes)}};
}

Result<std::string> BytesFromJson(const nlohmann::json& j, std::string_view field) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object() && j.size() == 1 && j.contains(kBytesKey) && j[kBytesKey].is_string()) {
    auto decoded = Base64Decode(j[kBytesKey].get_ref<const std::string&>());
    if (!decoded.ok()) {
      return Status::InvalidArgument(std::string(field) + ": " + decoded.status().message());
    }
    return decoded;
  }
  return Status::InvalidArgument(std::string(field) + ": expected a string");
}

nlohmann::json BytesListToJson(const std::vector<std::string>& list) {
  auto arr = nlohmann::json::array();
  for (const auto& s : list)
    arr.push_back(BytesToJson(s));
  return arr;
}

Result<std::vector<std::string>> BytesListFromJson(const nlohmann::json& j,
                                                   std::string_view field) {
  if (!j.is_array()) return Status::InvalidArgument(std::string(field) + ": expected an array");
  std::vector<std::string> out;
  out.reserve(j.size());
  for (const auto& item : j) {
    auto s = BytesFromJson(item, field);
    if (!s.ok()) return s.status();
    out.push_back(std::move(s).value());
  }
  return out;
}

nlohmann::json BytesMapToJson(const std::map<std::string, std::string>& map) {
  // Keys may be non-UTF-8 too: such a map travels as an array of [key, value] pairs.
  bool keys_utf8 = true;
  for (const auto& [k, v] : map)
    keys_utf8 = keys_utf8 && IsValidUtf8(k);
  if (keys_utf8) {
    auto obj = nlohmann::json::object();
    for (const auto& [k, v] : map)
      obj[k] = BytesToJson(v);
    return obj;
  }
  auto arr = nlohmann::json::array();
  for (const auto& [k, v] : map)
    arr.push_back({BytesToJson(k), BytesToJson(v)});
  return arr;
}

Result<std::map<std::string, std::string>> BytesMapFromJson(const nlohmann::json& j,
                                                            std::string_view field) {
  std::map<std::string, std::string> out;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      auto value = BytesFromJson(v, field);
      if (!value.ok()) return value.status();
      out[k] = std::move(value).value();
    }
    return out;
  }
  if (!j.is_array()) return Status::InvalidArgument(std::string(field) + ": expected an object");
  for (const auto& pair : j) {
    if (!pair.is_array() || pair.size() != 2) {
      return Status::InvalidArgument(std::string(field) + ": expected [key, value] pairs");
    }
    auto key = BytesFromJson(pair[0], field);
    auto value = BytesFromJson(pair[1], field);
    if (!key.ok()) return key.status();
    if (!value.ok()) return value.status();
    out[std::move(key).value()] = std::move(value).value();
  }
  return out;
}

namespace {
bool IsControl(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}
}  // namespace

std::string EscapeBytes(std::string_view bytes, bool escape_controls, bool keep_tab) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp = 0;
    size_t n = DecodeUtf8(bytes, i, &cp);
    if (n == 0 || (escape_controls && IsControl(cp) && !(keep_tab && cp == '\t'))) {
      const size_t len = n == 0 ? 1 : n;
      for (size_t k = 0; k < len; ++k)
        out += fmt::format("\\x{:02X}", static_cast<unsigned char>(bytes[i + k]));
      i += len;
      continue;
    }
    out.append(bytes.substr(i, n));
    i += n;
  }
  return out;
}

std::string SafeDump(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tend

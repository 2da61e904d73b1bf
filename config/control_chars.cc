#include "config/control_chars.h"

#include <algorithm>

#include "config/byte_string_json.h"

namespace tend {
namespace {

std::string EscapeByte(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
}

// Control characters, and bytes outside any UTF-8 sequence, as `\xNN`.
std::string EscapeForMessage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t len = DecodeUtf8(text, i, &cp);
    const auto c = static_cast<unsigned char>(text[i]);
    if (len == 0 || IsControlChar(c)) {
      out += EscapeByte(c);
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

}  // namespace

bool HasControlChar(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return IsControlChar(static_cast<unsigned char>(c)); });
}

std::string EscapeControlChars(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsControlChar(c)) {
      out += EscapeByte(c);
    } else {
      out += ch;
    }
  }
  return out;
}

std::string QuoteForMessage(std::string_view text, char quote, size_t max) {
  if (text.size() <= max) return quote + EscapeForMessage(text) + quote;
  return quote + EscapeForMessage(text.substr(0, max)) + "..." + quote + " (" +
         std::to_string(text.size()) + " bytes)";
}

}  // namespace tend

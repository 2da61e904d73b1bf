#include "config/control_chars.h"

#include <algorithm>

namespace tend {

bool HasControlChar(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return IsControlChar(static_cast<unsigned char>(c)); });
}

std::string EscapeControlChars(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (!IsControlChar(c)) {
      out += ch;
      continue;
    }
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

std::string QuoteForMessage(std::string_view text, char quote, size_t max) {
  if (text.size() <= max) return quote + EscapeControlChars(text) + quote;
  return quote + EscapeControlChars(text.substr(0, max)) + "..." + quote + " (" +
         std::to_string(text.size()) + " bytes)";
}

}  // namespace tend

#include "cli/render_text.h"

#include <fmt/format.h>

#include <cstdint>

#include "config/byte_string_json.h"

namespace tend::cli {
namespace {

bool IsZeroWidth(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x20D0 && cp <= 0x20FF) || cp == 0xFEFF;
}

// East Asian Wide/Fullwidth blocks and the emoji planes: two columns.
bool IsWide(char32_t cp) {
  struct Range {
    char32_t lo, hi;
  };
  static constexpr Range kWide[] = {
      {0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
      {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
      {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
      {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
  };
  for (const auto& r : kWide) {
    if (cp >= r.lo && cp <= r.hi) return true;
  }
  return false;
}

int CodePointWidth(char32_t cp) {
  if (IsZeroWidth(cp)) return 0;
  return IsWide(cp) ? 2 : 1;
}

// Length of the ANSI CSI sequence starting at s[i], or 0 if there is none.
size_t AnsiLength(std::string_view s, size_t i) {
  if (s[i] != '\x1b' || i + 1 >= s.size() || s[i + 1] != '[') return 0;
  for (size_t k = i + 2; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if (c >= 0x40 && c <= 0x7E) return k - i + 1;
  }
  return s.size() - i;
}

// Walks `text`, calling on_ansi(seq) for escape sequences and
// on_char(bytes, width) for each code point (invalid bytes count as width 1).
template <typename OnAnsi, typename OnChar>
void Walk(std::string_view text, OnAnsi on_ansi, OnChar on_char) {
  size_t i = 0;
  while (i < text.size()) {
    if (size_t n = AnsiLength(text, i); n > 0) {
      on_ansi(text.substr(i, n));
      i += n;
      continue;
    }
    char32_t cp = 0;
    size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      if (!on_char(text.substr(i, 1), 1)) return;
      ++i;
      continue;
    }
    if (!on_char(text.substr(i, n), CodePointWidth(cp))) return;
    i += n;
  }
}

constexpr std::string_view kEllipsis = "…";

}  // namespace

std::string EscapeForDisplay(std::string_view bytes) {
  return EscapeBytes(bytes, /*escape_controls=*/true);
}

std::string EscapeLogText(std::string_view bytes) {
  return EscapeBytes(bytes, /*escape_controls=*/true, /*keep_tab=*/true);
}

std::string EscapeInvalidUtf8(std::string_view bytes) {
  return EscapeBytes(bytes, /*escape_controls=*/false);
}

std::string StripAnsi(std::string_view text) {
  std::string out;
  Walk(
      text, [](std::string_view) {},
      [&out](std::string_view ch, int) {
        out.append(ch);
        return true;
      });
  return out;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  Walk(
      text, [](std::string_view) {},
      [&width](std::string_view, int w) {
        width += w;
        return true;
      });
  return width;
}

std::string TruncateToWidth(std::string_view plain, int width) {
  return ClipLine(plain, width);
}

std::string ClipLine(std::string_view line, int width) {
  if (width <= 0) return "";
  if (DisplayWidth(line) <= width) return std::string(line);
  std::string out;
  bool saw_ansi = false;
  int used = 0;
  Walk(
      line,
      [&](std::string_view seq) {
        out.append(seq);
        saw_ansi = true;
      },
      [&](std::string_view ch, int w) {
        if (used + w > width - 1) return false;  // keep one column for the ellipsis
        out.append(ch);
        used += w;
        return true;
      });
  out.append(kEllipsis);
  if (saw_ansi) out.append("\x1b[0m");
  return out;
}

std::string PadRight(std::string_view plain, int width) {
  std::string out(plain);
  const int pad = width - DisplayWidth(plain);
  if (pad > 0) out.append(static_cast<size_t>(pad), ' ');
  return out;
}

std::string Paint(std::string_view text, std::string_view code, bool color) {
  if (!color || text.empty()) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

}  // namespace tend::cli

#pragma once
// Text measurement and shaping for terminal output. Everything here works on
// display columns, not bytes: ANSI colour sequences count as zero columns, East
// Asian wide characters and most emoji as two, combining marks as zero.

#include <string>
#include <string_view>

namespace tend::cli {

// Bytes as safe, printable UTF-8: invalid UTF-8 bytes and control characters
// (C0, DEL, C1) become "\xNN", so a hostile name cannot move the cursor or
// inject colours. Valid printable UTF-8 passes unchanged.
std::string EscapeForDisplay(std::string_view bytes);

// EscapeForDisplay for an app's log line on a terminal: the same, but a tab stays a tab,
// as journalctl keeps it.
std::string EscapeLogText(std::string_view bytes);

// Bytes as UTF-8 for JSON output: valid UTF-8 (control characters included,
// JSON escapes those) passes unchanged; only invalid bytes become "\xNN".
std::string EscapeInvalidUtf8(std::string_view bytes);

// The text without ANSI escape sequences (ESC '[' ... final byte).
std::string StripAnsi(std::string_view text);

// Columns `text` occupies on a terminal; ANSI sequences are ignored.
int DisplayWidth(std::string_view text);

// `plain` (no ANSI) cut to at most `width` columns, ending in "…" when cut.
std::string TruncateToWidth(std::string_view plain, int width);

// A rendered line (may hold ANSI) cut to at most `width` columns, ending in "…"
// when cut; colours are reset after a cut so they do not leak into the next line.
std::string ClipLine(std::string_view line, int width);

// `plain` followed by spaces up to `width` columns.
std::string PadRight(std::string_view plain, int width);

// ANSI Select Graphic Rendition codes used by the renderers.
namespace sgr {
inline constexpr std::string_view kBold = "1";
inline constexpr std::string_view kRed = "31";
inline constexpr std::string_view kGreen = "32";
inline constexpr std::string_view kYellow = "33";
inline constexpr std::string_view kCyan = "36";
inline constexpr std::string_view kGrey = "90";
inline constexpr std::string_view kBoldCyan = "1;36";
inline constexpr std::string_view kInverseBold = "1;7";
}  // namespace sgr

// `text` wrapped in "ESC[<code>m ... ESC[0m" when `color` is on, else unchanged.
std::string Paint(std::string_view text, std::string_view code, bool color);

}  // namespace tend::cli

#pragma once
// Control characters (bytes below 0x20, and DEL 0x7f) in app names: refused, and shown
// escaped in the refusal (each such byte as `\xNN`, other bytes unchanged). The CLI's
// display escaping (cli/render_text.h) also covers C1 controls and invalid UTF-8.

#include <string>
#include <string_view>

namespace tend {

inline bool IsControlChar(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// True when `text` holds a control character.
bool HasControlChar(std::string_view text);

// `text` with every control character written `\xNN` (ESC is `\x1B`).
std::string EscapeControlChars(std::string_view text);

// `text` for an error message: escaped (control characters, and bytes that are not UTF-8,
// as `\xNN`), between `quote`s, and cut after `max` bytes with its size said
// ("'aaaa...' (20000 bytes)"), so a hostile value cannot make a huge message.
std::string QuoteForMessage(std::string_view text, char quote = '\'', size_t max = 40);

}  // namespace tend

#pragma once
// Control characters (bytes below 0x20, and DEL 0x7f) shown to a person: in an error
// message that quotes a name, and in `tend logs` on a terminal, where an app's raw ESC
// sequences would otherwise drive the user's terminal. The escaping follows journalctl:
// each such byte becomes `\xNN`; other bytes, UTF-8 included, pass unchanged.

#include <string>
#include <string_view>

namespace tend {

inline bool IsControlChar(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

// True when `text` holds a control character.
bool HasControlChar(std::string_view text);

// `text` with every control character written `\xNN` (ESC is `\x1b`); a tab stays a tab
// when `keep_tab`, as journalctl keeps it in a message.
std::string EscapeControlChars(std::string_view text, bool keep_tab = false);

}  // namespace tend

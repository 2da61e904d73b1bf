#pragma once
// What the output stream can show: a terminal or a pipe, how wide it is, and
// whether colours are wanted. Detected once per command and handed to the
// renderers, which are pure functions of it (so tests pass any TerminalInfo).

namespace tend::cli {

// `columns` == kUnlimitedColumns means "do not fit to a width" (a pipe with no
// $COLUMNS): rows are never truncated.
inline constexpr int kUnlimitedColumns = 0;

struct TerminalInfo {
  bool is_tty = false;  // true: box-drawing tables; false: plain, awk-able columns.
  int columns = kUnlimitedColumns;
  bool color = false;  // emit ANSI colour codes.
};

// Detects the terminal behind `fd` (normally STDOUT_FILENO):
// - columns: ioctl(TIOCGWINSZ) on `fd`, else a positive $COLUMNS, else 80 on a
//   terminal and kUnlimitedColumns on a pipe or file.
// - color: on a terminal, unless NO_COLOR is set and non-empty or TERM is
//   "dumb". FORCE_COLOR set to anything but "", "0" or "false" turns colour on
//   everywhere (it wins over NO_COLOR); FORCE_COLOR=0/false turns it off.
TerminalInfo DetectTerminal(int fd);

}  // namespace tend::cli

#pragma once
// Lays out already-formatted cells as a table: box-drawing borders for a
// terminal (as `pm2 ls` does), or plain space-separated columns for pipes.
// Guarantees: every cell is cut to its column's width with "…", colours never
// change a width, and no line is wider than TerminalInfo::columns.

#include <string>
#include <string_view>
#include <vector>

#include "cli/terminal.h"

namespace tend::cli {

// A width of kHiddenColumn hides that column.
inline constexpr int kHiddenColumn = -1;

struct TableCell {
  std::string text;        // printable text without ANSI codes (see EscapeForDisplay)
  std::string_view color;  // an sgr:: code applied when colour is on; empty: none
};

// A cell made safe for whitespace-splitting tools: blanks become '_' and an
// empty cell becomes "-", so the N-th field of every row is the N-th column.
std::string PlainField(std::string_view text);

class TableFrame {
 public:
  explicit TableFrame(bool boxed) : boxed_(boxed) {}

  // Display width of one line for these column widths (hidden ones excluded).
  int LineWidth(const std::vector<int>& widths) const;

  // The table, each line ending in '\n'. `header` may be empty (no header row).
  std::string Render(const std::vector<TableCell>& header,
                     const std::vector<std::vector<TableCell>>& rows,
                     const std::vector<int>& widths, const TerminalInfo& term) const;

 private:
  std::string Line(const std::vector<TableCell>& cells, const std::vector<int>& widths,
                   bool color) const;
  std::string Border(const std::vector<int>& widths, std::string_view left, std::string_view middle,
                     std::string_view right) const;

  bool boxed_;
};

}  // namespace tend::cli

#include "cli/render_table_frame.h"

#include <algorithm>

#include "cli/render_text.h"

namespace tend::cli {
namespace {

constexpr std::string_view kPlainGap = "  ";

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out.append(piece);
  return out;
}

void TrimTrailingSpaces(std::string& line) {
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
}

}  // namespace

std::string PlainField(std::string_view text) {
  if (text.empty()) return "-";
  std::string out(text);
  for (char& c : out) {
    if (c == ' ' || c == '\t') c = '_';
  }
  return out;
}

int TableFrame::LineWidth(const std::vector<int>& widths) const {
  int total = 0;
  int shown = 0;
  for (int w : widths) {
    if (w == kHiddenColumn) continue;
    total += w;
    ++shown;
  }
  if (shown == 0) return 0;
  // Box: "│ " before each cell, " " after it, one closing "│"; plain: gaps between.
  return boxed_ ? total + 3 * shown + 1 : total + static_cast<int>(kPlainGap.size()) * (shown - 1);
}

std::string TableFrame::Line(const std::vector<TableCell>& cells, const std::vector<int>& widths,
                             bool color) const {
  std::string line;
  bool first = true;
  for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
    if (widths[c] == kHiddenColumn) continue;
    const std::string text = TruncateToWidth(cells[c].text, widths[c]);
    const int pad = std::max(0, widths[c] - DisplayWidth(text));
    const std::string padding(static_cast<size_t>(pad), ' ');
    if (boxed_) {
      line += "│ ";
    } else if (!first) {
      line += kPlainGap;
    }
    line += Paint(text, cells[c].color, color && !cells[c].color.empty()) + padding;
    if (boxed_) line += " ";
    first = false;
  }
  if (boxed_) {
    line += "│";
  } else {
    TrimTrailingSpaces(line);
  }
  return line;
}

std::string TableFrame::Border(const std::vector<int>& widths, std::string_view left,
                               std::string_view middle, std::string_view right) const {
  std::string line(left);
  bool first = true;
  for (int w : widths) {
    if (w == kHiddenColumn) continue;
    if (!first) line += middle;
    line += Repeat("─", w + 2);
    first = false;
  }
  line += right;
  return line;
}

std::string TableFrame::Render(const std::vector<TableCell>& header,
                               const std::vector<std::vector<TableCell>>& rows,
                               const std::vector<int>& widths, const TerminalInfo& term) const {
  std::vector<std::string> lines;
  if (boxed_) lines.push_back(Border(widths, "┌", "┬", "┐"));
  if (!header.empty()) {
    lines.push_back(Line(header, widths, term.color));
    if (boxed_) lines.push_back(Border(widths, "├", "┼", "┤"));
  }
  for (const auto& row : rows)
    lines.push_back(Line(row, widths, term.color));
  if (boxed_) lines.push_back(Border(widths, "└", "┴", "┘"));

  std::string out;
  for (const auto& line : lines) {
    out += term.columns == kUnlimitedColumns ? line : ClipLine(line, term.columns);
    out += '\n';
  }
  return out;
}

}  // namespace tend::cli

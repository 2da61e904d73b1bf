#include "cli/render_list.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "cli/format_units.h"
#include "cli/render_fields.h"
#include "cli/render_table_frame.h"
#include "cli/render_text.h"

namespace tend::cli {
namespace {

using nlohmann::json;

enum Col { kId, kName, kNamespace, kMode, kPid, kUptime, kRestarts, kStatus, kCpu, kMem, kUser };
constexpr int kColumnCount = 11;

struct ColumnDef {
  std::string_view tty_header;
  std::string_view plain_header;
  int max_width;  // 0: no cap (name is fitted separately)
};

constexpr std::array<ColumnDef, kColumnCount> kColumns = {{
    {"id", "id", 0},
    {"name", "name", 0},
    {"namespace", "namespace", 16},
    {"mode", "mode", 0},
    {"pid", "pid", 0},
    {"uptime", "uptime", 0},
    {"↺", "restarts", 0},
    {"status", "status", 0},
    {"cpu", "cpu", 0},
    {"mem", "mem", 0},
    {"user", "user", 16},
}};

// Dropped first to last when the table is too wide; id, name and status stay.
constexpr std::array<Col, 8> kDropOrder = {kUser,   kNamespace, kMode, kPid,
                                           kUptime, kCpu,       kMem,  kRestarts};
// A name up to this wide is worth more than any droppable column.
constexpr int kNameComfortWidth = 20;

std::string ModeName(const json& p) {
  std::string mode = TextField(p, "exec_mode", "fork_mode");
  if (auto pos = mode.rfind("_mode"); pos != std::string::npos && pos + 5 == mode.size()) {
    mode.resize(pos);
  }
  return mode;
}

std::string Uptime(const json& p, int64_t now_ms) {
  const int64_t started = IntField(p, "started_at");
  if (!IsOnline(p) || started <= 0) return "0";
  return FormatDuration(now_ms - started);
}

std::vector<TableCell> RowCells(const json& p, int64_t now_ms) {
  const std::string status = TextField(p, "status", "unknown");
  std::vector<TableCell> cells(kColumnCount);
  cells[kId] = {std::to_string(IntField(p, "pm_id", -1)), {}};
  cells[kName] = {TextField(p, "name"), {}};
  cells[kNamespace] = {TextField(p, "namespace", "default"), {}};
  cells[kMode] = {ModeName(p), {}};
  cells[kPid] = {std::to_string(IntField(p, "pid")), {}};
  cells[kUptime] = {Uptime(p, now_ms), {}};
  cells[kRestarts] = {std::to_string(IntField(p, "restarts")), {}};
  cells[kStatus] = {status, StatusColor(status)};
  cells[kCpu] = {FormatCpu(NumberField(p, "cpu")), {}};
  cells[kMem] = {FormatBytes(IntField(p, "memory")), {}};
  cells[kUser] = {TextField(p, "user"), {}};
  return cells;
}

// Chooses the visible columns and the name's width so that a line fits `columns`.
std::vector<int> FitWidths(std::vector<int> natural, const TableFrame& frame, int columns) {
  if (columns == kUnlimitedColumns) return natural;
  const int name_natural = natural[kName];
  for (size_t dropped = 0;; ++dropped) {
    natural[kName] = 0;
    const int fixed = frame.LineWidth(natural);
    const int room = columns - fixed;
    if (room >= std::min(name_natural, kNameComfortWidth)) {
      natural[kName] = std::min(name_natural, room);
      return natural;
    }
    if (dropped == kDropOrder.size()) {
      // Even the essential columns do not fit: keep them; lines are clipped.
      natural[kName] = std::max(static_cast<int>(kColumns[kName].tty_header.size()), room);
      return natural;
    }
    natural[kDropOrder[dropped]] = kHiddenColumn;
  }
}

std::string EmptyListText(const TerminalInfo& term, const std::vector<std::string>& headers) {
  if (term.is_tty) return "No process is managed by tend yet. Start one: tend start <script>\n";
  TableFrame frame(/*boxed=*/false);
  std::vector<TableCell> header;
  std::vector<int> widths;
  for (const auto& h : headers) {
    header.push_back({h, {}});
    widths.push_back(DisplayWidth(h));
  }
  return frame.Render(header, {}, widths, term);
}

}  // namespace

std::string RenderProcessTable(const json& processes, const TerminalInfo& term, int64_t now_ms) {
  std::vector<std::string> headers;
  for (const auto& c : kColumns)
    headers.emplace_back(term.is_tty ? c.tty_header : c.plain_header);
  if (!processes.is_array() || processes.empty()) return EmptyListText(term, headers);

  std::vector<std::vector<TableCell>> rows;
  for (const auto& p : processes)
    rows.push_back(RowCells(p, now_ms));
  if (!term.is_tty) {
    for (auto& row : rows)
      for (auto& cell : row)
        cell.text = PlainField(cell.text);
  }

  std::vector<int> natural(kColumnCount);
  for (int c = 0; c < kColumnCount; ++c) {
    natural[c] = DisplayWidth(headers[c]);
    for (const auto& row : rows)
      natural[c] = std::max(natural[c], DisplayWidth(row[c].text));
    if (kColumns[c].max_width > 0) natural[c] = std::min(natural[c], kColumns[c].max_width);
  }
  TableFrame frame(/*boxed=*/term.is_tty);
  const std::vector<int> widths = FitWidths(natural, frame, term.columns);
  std::vector<TableCell> header;
  for (const auto& h : headers)
    header.push_back({h, sgr::kBoldCyan});
  return frame.Render(header, rows, widths, term);
}

}  // namespace tend::cli

#include "cli/monit/monit_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/format_units.h"
#include "config/byte_string_json.h"
#include "config/control_chars.h"

namespace tend::cli {
namespace {

double Percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string Fit(std::string text, size_t width) {
  if (text.size() > width) text.resize(width);
  return text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string Bar(double percent, int width, const std::string& label) {
  const int inside = std::max(1, width - 2);
  const double share = std::clamp(percent, 0.0, 100.0) / 100.0;
  const int filled = static_cast<int>(std::lround(share * inside));
  std::string bar(static_cast<size_t>(inside), ' ');
  std::fill_n(bar.begin(), filled, '|');
  const size_t at = label.size() < bar.size() ? bar.size() - label.size() : 0;
  bar.replace(at, std::min(label.size(), bar.size()), label.substr(0, bar.size()));
  return "[" + bar + "]";
}

std::string Sparkline(const std::deque<double>& values, size_t width, double max, bool utf8) {
  static const char* const kBlocks[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const char kAscii[] = " .:-=+*#%@";
  const size_t count = std::min(width, values.size());
  const auto first = values.end() - static_cast<std::ptrdiff_t>(count);
  if (max <= 0) max = values.empty() ? 1 : *std::max_element(first, values.end());
  if (max <= 0) max = 1;
  std::string out(width - count, ' ');
  for (auto it = first; it != values.end(); ++it) {
    const double share = std::clamp(*it / max, 0.0, 1.0);
    if (utf8) {
      out += kBlocks[static_cast<size_t>(std::lround(share * 8))];
    } else {
      out += kAscii[static_cast<size_t>(std::lround(share * 9))];
    }
  }
  return out;
}

std::vector<std::string> HostLines(const MonitHost& host, int columns) {
  const uint64_t used = host.mem_total - std::min(host.mem_total, host.mem_available);
  const uint64_t swap_used = host.swap_total - std::min(host.swap_total, host.swap_free);
  std::vector<std::string> lines;
  lines.push_back(fmt::format("cpu {}  mem {}  swap {}", Bar(host.cpu, 16, FormatCpu(host.cpu)),
                              Bar(Percent(used, host.mem_total), 24,
                                  FormatBytes(static_cast<int64_t>(used)) + "/" +
                                      FormatBytes(static_cast<int64_t>(host.mem_total))),
                              host.swap_total == 0
                                  ? std::string("none")
                                  : FormatBytes(static_cast<int64_t>(swap_used)) + "/" +
                                        FormatBytes(static_cast<int64_t>(host.swap_total))));
  const bool limited =
      host.usable_cpus > 0 && host.usable_cpus < static_cast<int>(host.cores.size());
  lines.push_back(fmt::format(
      "load {:.2f} {:.2f} {:.2f}  up {}  {} cores{}", host.load[0], host.load[1], host.load[2],
      FormatDuration(static_cast<int64_t>(host.uptime * 1000)), host.cores.size(),
      limited ? fmt::format(" ({} usable: cgroup or affinity)", host.usable_cpus) : ""));
  std::string cores;
  const int per_core = 18;
  for (size_t i = 0; i < host.cores.size(); ++i) {
    std::string one =
        fmt::format("{:<3}{} ", i, Bar(host.cores[i], per_core - 4, FormatCpu(host.cores[i])));
    if (columns > 0 && static_cast<int>(cores.size() + one.size()) > columns) {
      lines.push_back(cores);
      cores.clear();
    }
    cores += one;
  }
  if (!cores.empty()) lines.push_back(cores);
  for (auto& line : lines) {
    if (columns > 0 && static_cast<int>(line.size()) > columns)
      line.resize(static_cast<size_t>(columns));
  }
  return lines;
}

namespace {

// id name namespace status restarts uptime cpu mem: the fixed columns before the sparkline.
// Sized so that an 80-column terminal (ssh) shows every column and a short sparkline.
constexpr int kName = 14, kNamespace = 9, kStatus = 9, kMemory = 12;
constexpr int kFixedColumns =
    4 + 1 + kName + 1 + kNamespace + 1 + kStatus + 1 + 4 + 1 + 7 + 1 + 7 + 1 + kMemory + 1;

// "waiting restart" in the status column's width.
std::string StatusCell(const std::string& status) {
  return status == "waiting restart" ? "waiting" : status;
}

}  // namespace

std::string TableHeader(int columns) {
  // "↺" is one column wide and three bytes long: it is padded by hand.
  std::string header =
      fmt::format("{:>4} {:<14} {:<9} {:<9}    ↺ {:>7} {:>7} {:<12} {}", "id", "name", "namespace",
                  "status", "uptime", "cpu", "memory", "cpu history");
  if (columns > 0 && static_cast<int>(header.size()) > columns + 2)
    header.resize(static_cast<size_t>(columns) + 2);
  return header;
}

std::string ProcessRow(const MonitProcess& p, int64_t now_ms, int columns, bool utf8) {
  const bool online = p.status == "online";
  const std::string uptime =
      online && p.started_at > 0 ? FormatDuration(now_ms - p.started_at) : "0";
  const std::string memory = FormatBytes(static_cast<int64_t>(p.memory));
  const std::string memory_cell =
      p.max_memory > 0
          ? Bar(Percent(p.memory, static_cast<uint64_t>(p.max_memory)), kMemory, memory)
          : Fit(memory, kMemory);
  std::string row = fmt::format("{:>4} {} {} {} {:>4} {:>7} {:>7} {} ", p.id, Fit(p.name, kName),
                                Fit(p.namespace_, kNamespace), Fit(StatusCell(p.status), kStatus),
                                p.restarts, uptime, FormatCpu(p.cpu), memory_cell);
  const int left = (columns > 0 ? columns : 120) - kFixedColumns;
  if (left > 0) row += Sparkline(p.cpu_history, static_cast<size_t>(left), 100, utf8);
  return row;
}

std::string DetailsLine(const MonitProcess& p) {
  std::string line = p.name + " (id " + std::to_string(p.id) + ")  pid " + std::to_string(p.pid) +
                     "  restarts " + std::to_string(p.restarts) +
                     "  last restart: " + (p.last_restart.empty() ? "none" : p.last_restart) +
                     "  memory " + FormatBytes(static_cast<int64_t>(p.memory));
  if (p.max_memory > 0) line += " of " + FormatBytes(p.max_memory) + " (max_memory_restart)";
  return line;
}

std::string LogEventText(const std::string& frame) {
  const auto parsed = nlohmann::json::parse(frame, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("event")) return frame;
  const nlohmann::json& event = parsed["event"];
  auto text = BytesFromJson(event.value("text", nlohmann::json()), "text");
  if (!text.ok()) return frame;
  return (event.value("stream", "") == "err" ? "err| " : "") + EscapeControlChars(*text);
}

std::string SnapshotText(const MonitModel& model, int columns) {
  std::string out;
  for (const std::string& line : HostLines(model.host(), columns))
    out += line + "\n";
  out += TableHeader(columns) + "\n";
  for (const MonitProcess* p : model.Visible())
    out += ProcessRow(*p, model.now_ms(), columns, false) + "\n";
  return out;
}

}  // namespace tend::cli

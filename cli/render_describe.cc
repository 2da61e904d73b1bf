#include "cli/render_describe.h"

#include <fmt/format.h>

#include <ctime>
#include <utility>
#include <vector>

#include "cli/format_units.h"
#include "cli/render_fields.h"
#include "cli/render_table_frame.h"
#include "cli/render_text.h"

namespace tend::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kNotAvailable = "N/A";

// Local time as ISO 8601 with its UTC offset: "2025-11-26T10:40:00+01:00".
std::string IsoLocalTime(int64_t ms) {
  const auto seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  if (localtime_r(&seconds, &tm) == nullptr) return std::string(kNotAvailable);
  char text[32];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
    return std::string(kNotAvailable);
  }
  const long offset_min = tm.tm_gmtoff / 60;
  const long abs_min = offset_min < 0 ? -offset_min : offset_min;
  return fmt::format("{}{}{:02}:{:02}", text, offset_min < 0 ? '-' : '+', abs_min / 60,
                     abs_min % 60);
}

// Arguments joined by spaces; an empty one or one with blanks is single-quoted.
std::string JoinArgs(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& raw : args) {
    const std::string arg = EscapeForDisplay(raw);
    if (!out.empty()) out += ' ';
    const bool quote = arg.empty() || arg.find_first_of(" \t'\"") != std::string::npos;
    out += quote ? "'" + arg + "'" : arg;
  }
  return out.empty() ? std::string(kNotAvailable) : out;
}

std::string Millis(const json& spec, std::string_view key, int64_t fallback) {
  return fmt::format("{}ms", IntField(spec, key, fallback));
}

std::string YesNo(bool value) {
  return value ? "true" : "false";
}

std::string OrNotAvailable(std::string text) {
  return text.empty() ? std::string(kNotAvailable) : text;
}

std::string ExitCodes(const json& spec) {
  const json* codes = FieldOf(spec, "stop_exit_codes");
  if (codes == nullptr || !codes->is_array() || codes->empty()) return "none";
  std::string out;
  for (const auto& c : *codes)
    out += (out.empty() ? "" : ", ") + c.dump();
  return out;
}

using Row = std::pair<std::string, std::string>;

// "1.2mb written, 0b dropped" (+ ", last error: ...") from one entry of
// log_stats; "N/A" when the file is not open (no running process holds it).
std::string LogFileStatsText(const json& process, std::string_view stream) {
  const json* stats = FieldOf(process, "log_stats");
  const json* file = stats ? FieldOf(*stats, stream) : nullptr;
  if (file == nullptr || !file->is_object()) return std::string(kNotAvailable);
  std::string text =
      fmt::format("{} written, {} dropped", FormatBytes(IntField(*file, "bytes_written")),
                  FormatBytes(IntField(*file, "bytes_dropped")));
  if (std::string error = TextField(*file, "last_error"); !error.empty()) {
    text += ", last error: " + error;
  }
  return text;
}

std::vector<Row> IdentityRows(const json& p, int64_t now_ms) {
  const int64_t started = IntField(p, "started_at");
  const bool online = IsOnline(p);
  const auto exit_code = OptionalIntField(p, "exit_code");
  return {
      {"status", TextField(p, "status", "unknown")},
      {"name", TextField(p, "name")},
      {"namespace", TextField(p, "namespace", "default")},
      {"id", std::to_string(IntField(p, "pm_id"))},
      {"instance", std::to_string(IntField(p, "instance"))},
      {"restarts", std::to_string(IntField(p, "restarts"))},
      {"unstable restarts", std::to_string(IntField(p, "unstable_restarts"))},
      {"uptime", online && started > 0 ? FormatDuration(now_ms - started) : "0"},
      {"pid", std::to_string(IntField(p, "pid"))},
      {"pgid", std::to_string(IntField(p, "pgid"))},
      {"user", TextField(p, "user", kNotAvailable)},
      {"cpu", FormatCpu(NumberField(p, "cpu"))},
      {"memory", FormatBytes(IntField(p, "memory"))},
      {"peak memory (this run)", FormatBytes(IntField(p, "peak_memory"))},
      {"average cpu (this run)", FormatCpu(NumberField(p, "average_cpu"))},
      {"created at", IsoLocalTime(IntField(p, "created_at"))},
      {"started at", started > 0 ? IsoLocalTime(started) : "never"},
      {"last exit code", exit_code ? std::to_string(*exit_code) : std::string(kNotAvailable)},
      {"last exit signal", TextField(p, "exit_signal", kNotAvailable)},
  };
}

std::vector<Row> SpecRows(const json& p) {
  const json& spec = SpecOf(p);
  const std::string interpreter = TextField(spec, "interpreter");
  const auto interpreter_args = BytesListField(spec, "interpreter_args");
  const int64_t backoff = IntField(spec, "exp_backoff_restart_delay");
  std::vector<Row> rows = {
      {"script path", OrNotAvailable(TextField(spec, "script"))},
      {"script args", JoinArgs(BytesListField(spec, "args"))},
      {"interpreter", interpreter.empty() ? "auto (by extension)" : interpreter},
      {"interpreter args", JoinArgs(interpreter_args)},
      {"exec cwd", OrNotAvailable(TextField(spec, "cwd"))},
      {"exec mode", TextField(p, "exec_mode", "fork_mode")},
      {"out log path", OrNotAvailable(TextField(p, "out_log"))},
      {"error log path", OrNotAvailable(TextField(p, "err_log"))},
      {"out log stats", LogFileStatsText(p, "out")},
      {"error log stats", LogFileStatsText(p, "err")},
      {"pid path", OrNotAvailable(TextField(p, "pid_file"))},
      {"autorestart", YesNo(BoolField(spec, "autorestart", true))},
      {"max restarts", std::to_string(IntField(spec, "max_restarts", 16))},
      {"min uptime", Millis(spec, "min_uptime", 1000)},
      {"restart delay", Millis(spec, "restart_delay", 0)},
      {"exp backoff restart delay", backoff > 0 ? fmt::format("{}ms", backoff) : "off"},
      {"kill timeout", Millis(spec, "kill_timeout", 1600)},
      {"kill signal", TextField(spec, "kill_signal", "SIGINT")},
      {"stop exit codes", ExitCodes(spec)},
      {"treekill", YesNo(BoolField(spec, "treekill", true))},
  };
  if (std::string log = TextField(spec, "log_file"); !log.empty()) {
    rows.insert(rows.begin() + 8, {"combined log path", log});
  }
  return rows;
}

std::string Heading(std::string_view text, const TerminalInfo& term) {
  if (!term.is_tty) return std::string(text) + "\n";
  return Paint(fmt::format(" {} ", text), sgr::kInverseBold, term.color) + "\n";
}

std::string FactsTable(const std::vector<Row>& rows, const std::string& status,
                       const TerminalInfo& term) {
  std::vector<std::vector<TableCell>> cells;
  std::vector<int> widths = {0, 0};
  for (const auto& [key, value] : rows) {
    const std::string_view color = key == "status" ? StatusColor(status) : std::string_view();
    cells.push_back({{key, term.is_tty ? sgr::kBoldCyan : std::string_view()}, {value, color}});
    widths[0] = std::max(widths[0], DisplayWidth(key));
    widths[1] = std::max(widths[1], DisplayWidth(value));
  }
  TableFrame boxed(/*boxed=*/true);
  const bool box =
      term.is_tty && (term.columns == kUnlimitedColumns || boxed.LineWidth(widths) <= term.columns);
  TerminalInfo unclipped = term;
  unclipped.columns = kUnlimitedColumns;  // facts are never cut; the terminal may wrap
  return TableFrame(box).Render({}, cells, widths, unclipped);
}

std::string EnvKeys(const json& p, const TerminalInfo& term) {
  std::string out = "\n" + Heading("Environment keys", term);
  const auto env = EnvOf(p);
  if (env.empty()) out += "  (none)\n";
  for (const auto& [key, value] : env)
    out += "  " + EscapeForDisplay(key) + "\n";
  out += fmt::format("Use `tend env {}` to show the values.\n", IntField(p, "pm_id"));
  return out;
}

}  // namespace

// The daemon's last restart reasons (oldest first), one line each: when, why, how.
std::string RestartReasonLines(const json& p, const TerminalInfo& term) {
  std::string out = "\n" + Heading("Last restarts", term);
  const json* reasons = FieldOf(p, "restart_reasons");
  if (reasons == nullptr || !reasons->is_array() || reasons->empty()) return out + "  (none)\n";
  for (const auto& r : *reasons) {
    const std::string detail = TextField(r, "detail");
    out += fmt::format("  {}  {}{}{}\n", IsoLocalTime(IntField(r, "at")), TextField(r, "cause"),
                       detail.empty() ? "" : ": ", detail);
  }
  return out;
}

std::string RenderDescribe(const json& process, const TerminalInfo& term, int64_t now_ms) {
  std::vector<Row> rows = IdentityRows(process, now_ms);
  for (auto& row : SpecRows(process))
    rows.push_back(std::move(row));
  std::string out = Heading(fmt::format("Describing process with id {} - name {}",
                                        IntField(process, "pm_id"), TextField(process, "name")),
                            term);
  out += FactsTable(rows, TextField(process, "status"), term);
  out += RestartReasonLines(process, term);
  out += EnvKeys(process, term);
  return out;
}

std::string RenderEnv(const json& process) {
  std::string out;
  for (const auto& [key, value] : EnvOf(process))
    out += EscapeForDisplay(key) + "=" + EscapeForDisplay(value) + "\n";
  return out;
}

}  // namespace tend::cli

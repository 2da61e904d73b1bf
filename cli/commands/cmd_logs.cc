// `tend logs` (the last lines, then the live stream), `flush`, `reloadLogs`.
#include <ctime>

#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "cli/render_text.h"
#include "config/byte_string_json.h"
#include "config/int_range.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

constexpr const char* kRed = "\x1b[31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kInverse = "\x1b[7m";
constexpr const char* kReset = "\x1b[0m";

std::string IsoTime(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[64];
  std::snprintf(out, sizeof out, "%s.%03d", buf, static_cast<int>(ms % 1000));
  return out;
}

std::string Highlight(const std::string& text, const std::string& needle, bool color) {
  if (needle.empty() || !color) return text;
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(needle, pos)) != std::string::npos; pos = hit + needle.size()) {
    out += text.substr(pos, hit - pos) + kInverse + needle + kReset;
  }
  return out + text.substr(pos);
}

void PrintLine(CommandContext& ctx, const nlohmann::json& event) {
  if (event.contains("skipped")) {
    ctx.out() << "[tend: " << event["skipped"].get<uint64_t>()
              << " line(s) skipped: this reader was too slow]\n";
    return;
  }
  auto text = BytesFromJson(event.value("text", nlohmann::json("")), "text");
  if (ctx.args().Flag("json")) {
    ctx.out() << SafeDump(event) << "\n";
    return;
  }
  // On a terminal an app's control characters and invalid UTF-8 are shown escaped (ESC
  // as `\x1B`, a tab kept), as journalctl shows them: raw, its escape sequences would drive the
  // user's terminal (colours, title, cursor, even answers typed back). --raw, or a pipe, keeps the
  // bytes exactly as the app wrote them.
  const bool escape = ctx.terminal().is_tty && !ctx.args().Flag("raw");
  const auto shown = [escape](const std::string& s) { return escape ? EscapeLogText(s) : s; };
  const std::string body = shown(text.ok() ? *text : "");
  std::string prefix;
  if (ctx.args().Has("timestamp")) prefix = IsoTime(event.value("ts", int64_t{0})) + " ";
  const bool color = ctx.terminal().color;
  const bool err = event.value("stream", "") == "err";
  if (!ctx.args().Flag("raw")) {
    std::string tag =
        std::to_string(event.value("pm_id", 0)) + "|" + shown(event.value("name", ""));
    if (tag.size() < 12) tag.resize(12, ' ');
    prefix += color ? std::string(err ? kRed : kGreen) + tag + " |" + kReset + " " : tag + " | ";
  }
  ctx.out() << prefix << Highlight(body, ctx.args().String("highlight").value_or(""), color)
            << "\n";
}

ipc::Args TargetArgs(CommandContext& ctx) {
  ipc::Args args;
  auto targets = ctx.args().List("targets");
  if (!targets.empty()) args.Set(ipc::arg::kTargets, targets);
  return args;
}

}  // namespace

int CmdLogs(CommandContext& ctx) {
  ipc::Args args = TargetArgs(ctx);
  // ParseCommandLine has checked --lines against its range: here it only converts.
  auto lines = ctx.args().String("lines");
  args.Set(ipc::arg::kLines, lines ? ReadInt(*lines, IntRange{}).value : 15);
  args.Set(ipc::arg::kFollow, !ctx.args().Flag("nostream"));
  if (ctx.args().Flag("out")) args.Set(ipc::arg::kStream, "out");
  if (ctx.args().Flag("err")) args.Set(ipc::arg::kStream, "err");
  auto id = ctx.daemon().Send(ipc::kLogs, args);
  if (!id.ok()) return ctx.Fail(id.status());
  auto& client = ctx.daemon().client();
  for (;;) {
    auto frame = client.Read(std::chrono::milliseconds(-1));
    if (!frame.ok()) return ctx.Fail(frame.status());
    if (frame->kind == ipc::Response::Kind::kError) return ctx.Fail(frame->error);
    if (frame->kind == ipc::Response::Kind::kEnd) return kExitOk;
    if (frame->kind == ipc::Response::Kind::kEvent) {
      PrintLine(ctx, frame->body);
      ctx.out().flush();
    }
  }
}

int CmdFlush(CommandContext& ctx) {
  auto r = ctx.daemon().Call(ipc::kFlush, TargetArgs(ctx));
  if (!r.ok()) return ctx.Fail(r.status());
  for (const auto& p : (*r)["flushed"])
    ctx.out() << "flushed " << p.get<std::string>() << "\n";
  return kExitOk;
}

int CmdReloadLogs(CommandContext& ctx) {
  auto r = ctx.daemon().Call(ipc::kReloadLogs);
  if (!r.ok()) return ctx.Fail(r.status());
  ctx.out() << "reopened " << (*r)["reopened"].size() << " log file(s)\n";
  const nlohmann::json failures = r->value("failures", nlohmann::json::array());
  for (const auto& f : failures)
    ctx.err() << "tend: " << f.get<std::string>() << "\n";
  return failures.empty() ? kExitOk : kExitSystem;
}

}  // namespace tend::cli

// Verbs that read: list, jlist, prettylist, describe, env, pid, ping, and kill.
#include <signal.h>
#include <time.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "cli/list_sort.h"
#include "cli/render_describe.h"
#include "cli/render_list.h"
#include "config/byte_string_json.h"
#include "config/pm2_jlist.h"
#include "config/wall_clock.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

Result<nlohmann::json> Describe(CommandContext& ctx, const std::vector<std::string>& targets) {
  return ctx.daemon().Call(ipc::kDescribe, ipc::Args().Set(ipc::arg::kTargets, targets));
}

}  // namespace

namespace {

volatile std::sig_atomic_t g_stop_watching = 0;

// --watch [seconds]: a positive number of seconds, at most an hour.
Result<double> WatchSeconds(const std::string& text) {
  if (text.empty()) return 2.0;
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(seconds >= 0.1 && seconds <= 3600)) {
    return Status::InvalidArgument("--watch " + text + ": seconds between 0.1 and 3600");
  }
  return seconds;
}

Result<std::string> SortedTable(CommandContext& ctx, const ListSort& sort) {
  auto list = ctx.daemon().Call(ipc::kList, ipc::Args().Set(ipc::arg::kBrief, true));
  if (!list.ok()) return list.status();
  SortProcesses(*list, sort);
  return RenderProcessTable(*list, ctx.terminal(), WallMs());
}

// Redraws in place on a terminal (home, clear below), one table after another in a pipe;
// Ctrl-C ends it with exit 0.
int Watch(CommandContext& ctx, const ListSort& sort, double seconds) {
  struct sigaction action {};
  action.sa_handler = [](int) { g_stop_watching = 1; };
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  while (g_stop_watching == 0) {
    auto table = SortedTable(ctx, sort);
    if (!table.ok()) return ctx.Fail(table.status());
    ctx.out() << (ctx.terminal().is_tty ? "\x1b[H\x1b[J" : "\n") << *table << std::flush;
    timespec pause{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    ::nanosleep(&pause, nullptr);  // a signal cuts it short
  }
  return kExitOk;
}

}  // namespace

int CmdList(CommandContext& ctx) {
  auto sort = ParseListSort(ctx.args().String("sort").value_or("id"));
  if (!sort.ok()) return ctx.Fail(sort.status());
  if (ctx.args().Has("watch")) {
    auto seconds = WatchSeconds(ctx.args().String("watch").value_or(""));
    if (!seconds.ok()) return ctx.Fail(seconds.status());
    return Watch(ctx, *sort, *seconds);
  }
  if (ctx.args().Flag("json") || !ctx.args().Has("sort")) return ctx.PrintList();
  auto table = SortedTable(ctx, *sort);
  if (!table.ok()) return ctx.Fail(table.status());
  ctx.out() << *table;
  return kExitOk;
}

// The daemon writes PM2's shape itself (config/pm2_jlist.h), keeping what only a spec
// changes: jlist passes its text through unparsed.
Result<std::string> Pm2List(CommandContext& ctx) {
  auto answer = ctx.daemon().CallForText(ipc::kList, ipc::Args().Set(ipc::arg::kFormat, "pm2"));
  if (!answer.ok()) return answer.status();
  return pm2::ListTextFromAnswer(std::move(answer).value());
}

int CmdJlist(CommandContext& ctx) {
  auto list = Pm2List(ctx);
  if (!list.ok()) return ctx.Fail(list.status());
  ctx.out() << *list << "\n";
  return kExitOk;
}

int CmdPrettylist(CommandContext& ctx) {
  auto list = Pm2List(ctx);
  if (!list.ok()) return ctx.Fail(list.status());
  auto parsed = nlohmann::json::parse(*list, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return ctx.Fail(Status::Protocol("the daemon's list is not JSON"));
  ctx.out() << SafeDump(parsed, 2) << "\n";
  return kExitOk;
}

int CmdDescribe(CommandContext& ctx) {
  auto procs = Describe(ctx, ctx.args().List("targets"));
  if (!procs.ok()) return ctx.Fail(procs.status());
  if (ctx.args().Flag("json")) {
    ctx.out() << SafeDump(*procs, 2) << "\n";
    return kExitOk;
  }
  for (const auto& p : *procs)
    ctx.out() << RenderDescribe(p, ctx.terminal(), WallMs());
  return kExitOk;
}

int CmdEnv(CommandContext& ctx) {
  auto procs = Describe(ctx, {ctx.args().String("target").value_or("")});
  if (!procs.ok()) return ctx.Fail(procs.status());
  if (procs->empty()) return ctx.Fail(Status::NotFound("no such process"));
  ctx.out() << RenderEnv((*procs)[0]);
  return kExitOk;
}

int CmdPid(CommandContext& ctx) {
  ipc::Args args;
  if (ctx.args().Has("targets")) args.Set(ipc::arg::kTargets, ctx.args().List("targets"));
  auto pids = ctx.daemon().Call(ipc::kPid, args);
  if (!pids.ok()) return ctx.Fail(pids.status());
  for (const auto& pid : *pids) {
    if (pid.get<int>() > 0) ctx.out() << pid.get<int>() << "\n";
  }
  return kExitOk;
}

int CmdPing(CommandContext& ctx) {
  auto pong = ctx.daemon().Call(ipc::kPing, {}, std::chrono::seconds(10));
  if (!pong.ok()) return ctx.Fail(pong.status());
  if (ctx.args().Flag("json")) {
    ctx.out() << SafeDump(*pong) << "\n";
  } else {
    ctx.out() << "pong (tendd " << pong->value("version", "?") << ", pid " << pong->value("pid", 0)
              << ")\n";
  }
  return kExitOk;
}

namespace {

// An exited daemon has released its lock even while it waits to be reaped (its
// parent is init, or a subreaper that is slow to wait()): a zombie is gone.
bool ProcessRuns(pid_t pid) {
  if (::kill(pid, 0) != 0) return false;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  const auto close = stat.rfind(')');
  const char state = close != std::string::npos && close + 2 < stat.size() ? stat[close + 2] : '?';
  return state != 'Z' && state != 'X';
}

}  // namespace

int CmdKill(CommandContext& ctx) {
  // After a crash the apps still run: a daemon is started to recover and stop them.
  if (Status s = ctx.daemon().OpenForAction(); !s.ok()) {
    if (s.code() != Code::kUnavailable) return ctx.Fail(s);
    ctx.out() << "tendd is not running\n";
    return kExitOk;
  }
  auto result = ctx.daemon().Call(ipc::kKill);
  if (!result.ok()) return ctx.Fail(result.status());
  // The answer comes once every app stopped; wait for the daemon process to be
  // gone (and its lock with it), so a `tend` right after this starts a fresh one.
  const pid_t pid = result->value("pid", 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (pid > 0 && ProcessRuns(pid) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ctx.out() << "tendd stopped (" << result->value("stopped", 0) << " process(es) stopped)\n";
  return kExitOk;
}

}  // namespace tend::cli

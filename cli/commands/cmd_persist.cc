// Verbs that persist: save (dump), resurrect, cleardump, set, get.
#include "cli/command_context.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "config/byte_string_json.h"
#include "ipc/verbs.h"

namespace tend::cli {

int CmdSave(CommandContext& ctx) {
  auto r =
      ctx.daemon().Call(ipc::kSave, ipc::Args().Set(ipc::arg::kForce, ctx.args().Flag("force")));
  if (!r.ok()) return ctx.Fail(r.status());
  ctx.out() << "saved " << r->value("saved", 0) << " process(es) to " << r->value("path", "")
            << "\n";
  return kExitOk;
}

int CmdResurrect(CommandContext& ctx) {
  auto r = ctx.daemon().Call(ipc::kResurrect);
  if (!r.ok()) return ctx.Fail(r.status());
  for (const auto& w : (*r)["warnings"])
    ctx.err() << "tend: warning: " << w.get<std::string>() << "\n";
  for (const auto& s : (*r)["skipped"]) {
    ctx.err() << "tend: " << s.get<std::string>() << " is already in the process list: skipped\n";
  }
  for (const auto& f : (*r)["failures"])
    ctx.err() << "tend: " << f.get<std::string>() << "\n";
  if (ctx.args().Flag("json")) return ctx.PrintProcesses((*r)["processes"]);
  const int rc = ctx.PrintList();
  return (*r)["failures"].empty() ? rc : kExitNo;
}

int CmdClearDump(CommandContext& ctx) {
  auto r = ctx.daemon().Call(ipc::kClearDump);
  if (!r.ok()) return ctx.Fail(r.status());
  ctx.out() << "cleared " << r->value("path", "") << "\n";
  return kExitOk;
}

int CmdSet(CommandContext& ctx) {
  auto r = ctx.daemon().Call(ipc::kSet,
                             ipc::Args()
                                 .Set(ipc::arg::kKey, ctx.args().String("key").value_or(""))
                                 .Set(ipc::arg::kValue, ctx.args().String("value").value_or("")));
  if (!r.ok()) return ctx.Fail(r.status());
  ctx.out() << r->value("key", "") << " = " << r->value("value", "") << "\n";
  return kExitOk;
}

int CmdGet(CommandContext& ctx) {
  const std::string key = ctx.args().String("key").value_or("");
  auto r = ctx.daemon().Call(ipc::kGet, ipc::Args().Set(ipc::arg::kKey, key));
  if (!r.ok()) return ctx.Fail(r.status());
  if (!key.empty()) {
    ctx.out() << r->value("value", "") << "\n";
    return kExitOk;
  }
  for (const auto& [k, v] : r->items()) {
    ctx.out() << k << " = " << (v.is_string() ? v.get<std::string>() : SafeDump(v)) << "\n";
  }
  return kExitOk;
}

}  // namespace tend::cli

#include "cli/command_context.h"

#include <unistd.h>

#include <chrono>

#include "cli/exit_codes.h"
#include "cli/render_list.h"
#include "config/byte_string_json.h"
#include "config/wall_clock.h"
#include "ipc/verbs.h"

namespace tend::cli {

CommandContext::CommandContext(const CommandSpec& spec, ParsedArgs args, HomeLayout home)
    : spec_(spec),
      args_(std::move(args)),
      daemon_(std::move(home)),
      terminal_(DetectTerminal(STDOUT_FILENO)) {}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk:
      return kExitOk;
    case Code::kNotFound:
    case Code::kAlreadyExists:
    case Code::kInvalidArgument:
    case Code::kPermissionDenied:
    case Code::kBusy:
      return kExitNo;
    case Code::kUnavailable:
    case Code::kIo:
    case Code::kProtocol:
    case Code::kTimeout:
    case Code::kInternal:
      return kExitSystem;
  }
  return kExitSystem;
}

int CommandContext::Fail(const Status& status) {
  err() << "tend: " << status.message() << "\n";
  return ExitCodeFor(status);
}

int CommandContext::PrintProcesses(const nlohmann::json& processes) {
  if (args_.Flag("json")) {
    out() << SafeDump(processes) << "\n";
    return kExitOk;
  }
  out() << RenderProcessTable(processes, terminal_, WallMs());
  return kExitOk;
}

int CommandContext::PrintList() {
  if (args_.Flag("json")) {
    // Everything, as the daemon wrote it: with 100 apps a parse and a dump of their
    // environments cost the CLI more than the rest of the command.
    auto text = daemon_.CallForText(ipc::kList, ipc::Args().Set(ipc::arg::kBrief, false));
    if (!text.ok()) return Fail(text.status());
    out() << *text << "\n";
    return kExitOk;
  }
  // The table needs no environments.
  auto list = daemon_.Call(ipc::kList, ipc::Args().Set(ipc::arg::kBrief, true));
  if (!list.ok()) return Fail(list.status());
  return PrintProcesses(*list);
}

}  // namespace tend::cli

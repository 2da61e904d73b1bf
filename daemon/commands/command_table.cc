#include "daemon/commands/command_table.h"

namespace tend {

const std::vector<DaemonCommand>& DaemonCommands() {
  static const std::vector<DaemonCommand> commands = {
      {&ipc::kPing, HandlePing},
      {&ipc::kList, HandleList},
      {&ipc::kDescribe, HandleDescribe},
      {&ipc::kPid, HandlePid},
      {&ipc::kKill, HandleKill},
      {&ipc::kStart, HandleStart, true},
      {&ipc::kStop, HandleStop, true},
      {&ipc::kRestart, HandleRestart, true},
      {&ipc::kDelete, HandleDelete, true},
      {&ipc::kReset, HandleReset, true},
      {&ipc::kSignal, HandleSignal},
      {&ipc::kScale, HandleScale, true},
      {&ipc::kReload, HandleReload, true},
      {&ipc::kLogs, HandleLogs},
      {&ipc::kMonitor, HandleMonitor},
      {&ipc::kFlush, HandleFlush},
      {&ipc::kReloadLogs, HandleReloadLogs},
      {&ipc::kSave, HandleSave},
      {&ipc::kResurrect, HandleResurrect, true},
      {&ipc::kClearDump, HandleClearDump},
      {&ipc::kSet, HandleSet},
      {&ipc::kGet, HandleGet},
  };
  return commands;
}

const DaemonCommand* FindDaemonCommand(std::string_view wire_name) {
  for (const auto& c : DaemonCommands()) {
    if (c.verb->wire == wire_name) return &c;
  }
  return nullptr;
}

}  // namespace tend

#include "daemon/commands/command_table.h"

namespace tend {
namespace {

constexpr DaemonCommand kCommands[] = {
    {"ping", HandlePing, true},
    {"list", HandleList, true},
    {"describe", HandleDescribe, true},
    {"pid", HandlePid, true},
    {"kill", HandleKill, true},
    {"start", HandleStart, false, true},
    {"stop", HandleStop, false, true},
    {"restart", HandleRestart, false, true},
    {"delete", HandleDelete, false, true},
    {"reset", HandleReset, false, true},
    {"signal", HandleSignal, false},
    {"scale", HandleScale, false, true},
    {"reload", HandleReload, false, true},
    {"logs", HandleLogs, false},
    {"flush", HandleFlush, false},
    {"reloadLogs", HandleReloadLogs, false},
    {"save", HandleSave, false},
    {"resurrect", HandleResurrect, false, true},
    {"cleardump", HandleClearDump, false},
    {"set", HandleSet, false},
    {"get", HandleGet, true},
};

}  // namespace

const DaemonCommand* FindDaemonCommand(std::string_view name) {
  for (const auto& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace tend

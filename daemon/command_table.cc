#include "daemon/command_table.h"

namespace tend {
namespace {

constexpr DaemonCommand kCommands[] = {
    {"ping", HandlePing, true},
    {"list", HandleList, true},
    {"describe", HandleDescribe, true},
    {"pid", HandlePid, true},
    {"kill", HandleKill, true},
    {"start", HandleStart, false},
    {"stop", HandleStop, false},
    {"restart", HandleRestart, false},
    {"delete", HandleDelete, false},
    {"reset", HandleReset, false},
    {"signal", HandleSignal, false},
    {"scale", HandleScale, false},
    {"reload", HandleReload, false},
    {"logs", HandleLogs, false},
    {"flush", HandleFlush, false},
    {"reloadLogs", HandleReloadLogs, false},
    {"save", HandleSave, false},
    {"resurrect", HandleResurrect, false},
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

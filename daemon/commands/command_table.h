#pragma once
// The daemon's command table: one row per protocol verb (ipc/verbs.h), each handled by a
// function of its own (cmd_<verb>.cc). Unknown commands never reach a handler.

#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "ipc/verbs.h"

namespace tend {

class CommandContext;
class Reply;

using CommandHandler = void (*)(CommandContext& ctx, const nlohmann::json& args,
                                const std::shared_ptr<Reply>& reply);

struct DaemonCommand {
  const ipc::Verb* verb;  // wire name, argument keys, allowed while shutting down
  CommandHandler handler;
  bool changes_table = false;  // autosave right after it runs
};

const DaemonCommand* FindDaemonCommand(std::string_view wire_name);
const std::vector<DaemonCommand>& DaemonCommands();

// Handlers, one file each: cmd_<verb>.cc.
void HandlePing(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleList(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleDescribe(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandlePid(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleKill(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleStart(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleStop(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleRestart(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleDelete(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReset(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSave(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleResurrect(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleClearDump(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSet(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleGet(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleLogs(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleMonitor(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleFlush(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReloadLogs(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSignal(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleScale(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReload(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>&);

}  // namespace tend

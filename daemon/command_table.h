#pragma once
// The daemon's command table: one row per protocol command, each handled by a
// function of its own (commands_*.cc). Unknown commands never reach a handler.

#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

namespace tend {

class Daemon;
class Reply;

using CommandHandler = void (*)(Daemon& daemon, const nlohmann::json& args,
                                const std::shared_ptr<Reply>& reply);

struct DaemonCommand {
  std::string_view name;
  CommandHandler handler;
  bool allowed_while_shutting_down;
  bool changes_table = false;  // autosave right after it runs
};

const DaemonCommand* FindDaemonCommand(std::string_view name);

// Handlers, grouped by file.
void HandlePing(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleList(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleDescribe(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandlePid(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleKill(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleStart(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleStop(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleRestart(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleDelete(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReset(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSave(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleResurrect(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleClearDump(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSet(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleGet(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleLogs(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleFlush(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReloadLogs(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleSignal(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleScale(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);
void HandleReload(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>&);

}  // namespace tend

#pragma once
// Every verb's handler, one per row of the command table (cli/command_table.cc).

namespace tend::cli {

class CommandContext;

int CmdStart(CommandContext& ctx);
int CmdMonit(CommandContext& ctx);
int CmdConfig(CommandContext& ctx);
int CmdInit(CommandContext& ctx);
int CmdStop(CommandContext& ctx);
int CmdRestart(CommandContext& ctx);
int CmdDelete(CommandContext& ctx);
int CmdReset(CommandContext& ctx);
int CmdSendSignal(CommandContext& ctx);
int CmdList(CommandContext& ctx);
int CmdJlist(CommandContext& ctx);
int CmdPrettylist(CommandContext& ctx);
int CmdDescribe(CommandContext& ctx);
int CmdEnv(CommandContext& ctx);
int CmdPid(CommandContext& ctx);
int CmdPing(CommandContext& ctx);
int CmdKill(CommandContext& ctx);
int CmdSave(CommandContext& ctx);
int CmdLogs(CommandContext& ctx);
int CmdFlush(CommandContext& ctx);
int CmdReloadLogs(CommandContext& ctx);
int CmdResurrect(CommandContext& ctx);
int CmdClearDump(CommandContext& ctx);
int CmdSet(CommandContext& ctx);
int CmdGet(CommandContext& ctx);
int CmdScale(CommandContext& ctx);
int CmdReload(CommandContext& ctx);
int CmdStartOrRestart(CommandContext& ctx);
int CmdStartOrReload(CommandContext& ctx);

}  // namespace tend::cli

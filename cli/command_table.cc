#include "cli/command_table.h"

#include <algorithm>
#include <iostream>

#include "cli/app_spec_flags.h"
#include "cli/command_context.h"
#include "cli/command_line.h"
#include "cli/commands/handlers.h"
#include "cli/exit_codes.h"
#include "cli/version_check.h"
#include "config/edit_distance.h"
#include "ipc/verbs.h"

namespace tend::cli {
namespace {

const FlagSpec kJson{"--json", FlagKind::kBool, "json", "Print JSON instead of a table"};
const FlagSpec kEnvName{"--env", FlagKind::kString, "env_name", "Ecosystem file: apply env_<NAME>"};
const FlagSpec kOnly{"--only", FlagKind::kString, "only", "Ecosystem file: only these apps (a,b)"};
const FlagSpec kUpdateEnv{"--update-env", FlagKind::kBool, "update_env",
                          "Give them the current environment instead of the one captured at start"};
const PositionalSpec kTargets{"targets", "id, name, namespace, /regex/ or all (several allowed)",
                              true, true};
// Under the key `targets`, so that the file verbs of restart and reload read it.
const PositionalSpec kEcosystemFile{"targets", "ecosystem file (.json, .yaml, .yml, .config.js)",
                                    true, false};

// The app options' flags (config/app_option_table.cc), then the verb's own.
std::vector<FlagSpec> StartFlags() {
  std::vector<FlagSpec> flags = AppOptionFlags();
  flags.insert(
      flags.end(),
      {kEnvName,
       kOnly,
       {"--dry-run", FlagKind::kBool, "dry_run", "Print the resolved apps as JSON; start nothing"},
       {"-f,--force", FlagKind::kBool, "force", "Start another copy even if it already runs"},
       kJson});
  return flags;
}

std::vector<CommandSpec> BuildCommands() {
  return {
      {ipc::kStart.cli_name(),
       {},
       "Start a script, a program or an ecosystem file (or restart an app by name)",
       {{"script", "script, program, ecosystem file, or the name/id of an app", false, false}},
       StartFlags(),
       true,
       CmdStart},
      {"config",
       {},
       "Print the apps an ecosystem file resolves to, as JSON; start nothing",
       {{"file", "ecosystem file (default: the one in this folder)", false, false}},
       {kEnvName,
        kOnly,
        {"--no-resolve", FlagKind::kBool, "no_resolve",
         "Do not look for scripts and interpreters on disk"}},
       false,
       CmdConfig},
      {"init",
       {"ecosystem"},
       "Write a commented sample ecosystem file",
       {},
       {{"--format", FlagKind::kString, "format", "yaml (default), json or js"},
        {"--path", FlagKind::kString, "path", "Where to write it"},
        {"-f,--force", FlagKind::kBool, "force", "Overwrite an existing file"}},
       false,
       CmdInit},
      {ipc::kStop.cli_name(), {}, "Stop processes", {kTargets}, {kJson}, false, CmdStop},
      {ipc::kRestart.cli_name(),
       {},
       "Restart processes",
       {kTargets},
       {kUpdateEnv, kEnvName, kOnly, kJson},
       false,
       CmdRestart},
      {ipc::kDelete.cli_name(),
       {"del"},
       "Stop processes and forget them",
       {kTargets},
       {kJson},
       false,
       CmdDelete},
      {ipc::kReload.cli_name(),
       {},
       "Replace instances one by one without refusing a connection (needs `listen`)",
       {kTargets},
       {kUpdateEnv, kEnvName, kOnly, kJson},
       false,
       CmdReload},
      {"startOrRestart",
       {},
       "Start an ecosystem file's apps that are not known, restart the others",
       {kEcosystemFile},
       {kUpdateEnv, kEnvName, kOnly, kJson},
       false,
       CmdStartOrRestart},
      {"startOrReload",
       {"startOrGracefulReload"},
       "Start an ecosystem file's apps that are not known, reload the others",
       {kEcosystemFile},
       {kUpdateEnv, kEnvName, kOnly, kJson},
       false,
       CmdStartOrReload},
      {ipc::kScale.cli_name(),
       {},
       "Set an app's number of instances: N, +N or -N",
       {{"name", "app name", true, false}, {"count", "N, +N or -N", true, false}},
       {kJson},
       false,
       CmdScale},
      {ipc::kReset.cli_name(), {}, "Reset restart counters", {kTargets}, {kJson}, false, CmdReset},
      {ipc::kSignal.cli_name(),
       {"send-signal"},
       "Send a signal to processes",
       {{"signal", "signal name or number (SIGUSR2, 12)", true, false}, kTargets},
       {},
       false,
       CmdSendSignal},
      {ipc::kList.cli_name(),
       {"ls", "status", "ps", "l"},
       "Show the process table",
       {},
       {kJson,
        {"--sort", FlagKind::kString, "sort",
         "Order the rows: id, name, pid, cpu, memory, restarts, uptime or status, :asc or :desc"},
        {"--watch", FlagKind::kOptionalString, "watch",
         "Redraw the table every N seconds (default 2) until Ctrl-C"}},
       false,
       CmdList},
      {"jlist", {}, "Print the process list as JSON, in PM2's shape", {}, {}, false, CmdJlist},
      {"prettylist",
       {},
       "Print the process list as indented JSON, in PM2's shape",
       {},
       {},
       false,
       CmdPrettylist},
      {ipc::kDescribe.cli_name(),
       {"show", "info", "desc"},
       "Every fact about processes",
       {kTargets},
       {kJson},
       false,
       CmdDescribe},
      {"env",
       {},
       "Print a process's environment",
       {{"target", "id or name", true, false}},
       {},
       false,
       CmdEnv},
      {ipc::kPid.cli_name(),
       {},
       "Print the pids of an app (or of every process)",
       {{"targets", "id, name or namespace", false, true}},
       {},
       false,
       CmdPid},
      {ipc::kPing.cli_name(),
       {},
       "Check that the daemon answers (starting it if needed)",
       {},
       {kJson},
       false,
       CmdPing},
      {ipc::kKill.cli_name(),
       {},
       "Stop every app gracefully, then the daemon",
       {},
       {},
       false,
       CmdKill},
      {ipc::kLogs.cli_name(),
       {"log"},
       "Print the last lines of processes, then follow them",
       {{"targets", "id, name, namespace, /regex/ or all (default all)", false, true}},
       {{"--lines",
         FlagKind::kInt,
         "lines",
         "How many past lines per process (default 15)",
         {0, kIntMax}},
        {"--raw", FlagKind::kBool, "raw",
         "The lines as the app wrote them: no id|name prefix, control characters not escaped"},
        {"--json", FlagKind::kBool, "json", "One JSON object per line"},
        {"--timestamp", FlagKind::kBool, "timestamp", "Prefix each line with its time"},
        {"--out", FlagKind::kBool, "out", "Only stdout"},
        {"--err", FlagKind::kBool, "err", "Only stderr"},
        {"--nostream", FlagKind::kBool, "nostream", "Print the past lines and exit"},
        {"--highlight", FlagKind::kString, "highlight", "Highlight this text"}},
       false,
       CmdLogs},
      {ipc::kMonitor.cli_name(),
       {"dashboard"},
       "Live dashboard: host, processes, their cpu and memory, and logs (q quits)",
       {{"filter", "show only processes whose name or namespace holds this", false, false}},
       {{"--readonly", FlagKind::kBool, "readonly", "No actions from the keyboard"}},
       false,
       CmdMonit},
      {ipc::kFlush.cli_name(),
       {},
       "Empty the log files of processes (default all)",
       {{"targets", "id, name, namespace, /regex/ or all", false, true}},
       {},
       false,
       CmdFlush},
      {ipc::kReloadLogs.cli_name(),
       {"reload-logs"},
       "Reopen every log file (after an external logrotate)",
       {},
       {},
       false,
       CmdReloadLogs},
      {ipc::kSave.cli_name(),
       {"dump"},
       "Save the process list (dump.json) for resurrect",
       {},
       {{"-f,--force", FlagKind::kBool, "force", "Save even an empty list"}},
       false,
       CmdSave},
      {ipc::kResurrect.cli_name(),
       {},
       "Bring back the saved process list",
       {},
       {kJson},
       false,
       CmdResurrect},
      {ipc::kClearDump.cli_name(), {}, "Empty the saved process list", {}, {}, false, CmdClearDump},
      {ipc::kSet.cli_name(),
       {},
       "Set a daemon setting (tend get lists them)",
       {{"key", "setting name", true, false}, {"value", "new value", true, false}},
       {},
       false,
       CmdSet},
      {ipc::kGet.cli_name(),
       {},
       "Print daemon settings",
       {{"key", "setting name", false, false}},
       {},
       false,
       CmdGet},
  };
}

void PrintUsage(std::ostream& os) {
  os << "usage: tend <command> [options]   (tend <command> --help for its options)\n\n"
        "Commands:\n";
  for (const auto& c : Commands()) {
    std::string names(c.name);
    for (auto a : c.aliases)
      names += ", " + std::string(a);
    os << "  " << names << std::string(names.size() < 26 ? 26 - names.size() : 1, ' ') << c.summary
       << "\n";
  }
  os << "\nOptions:\n  -v, --version             Print the CLI's and the daemon's versions\n"
        "  -h, --help                Print this help\n\n"
        "Environment: TEND_HOME (default ~/.tend), NO_COLOR, TEND_DAEMON_BIN.\n";
}

}  // namespace

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> commands = BuildCommands();
  return commands;
}

const CommandSpec* FindCommand(std::string_view name) {
  for (const auto& c : Commands()) {
    if (c.name == name) return &c;
    for (auto a : c.aliases) {
      if (a == name) return &c;
    }
  }
  return nullptr;
}

std::vector<std::string> SuggestCommands(std::string_view name) {
  std::vector<std::pair<int, std::string>> scored;
  for (const auto& c : Commands()) {
    const int d = EditDistanceAtMost(name, c.name, 2);
    const bool prefix = !name.empty() && c.name.substr(0, name.size()) == name;
    if (d <= 2 || prefix) scored.emplace_back(prefix ? 0 : d, std::string(c.name));
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [d, n] : scored)
    out.push_back(n);
  return out;
}

int RunCli(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "-h" || words[0] == "--help" || words[0] == "help") {
    PrintUsage(words.empty() ? std::cerr : std::cout);
    return words.empty() ? kExitUsage : kExitOk;
  }
  if (words[0] == "-v" || words[0] == "--version" || words[0] == "version") {
    return PrintVersions();
  }
  const CommandSpec* spec = FindCommand(words[0]);
  if (spec == nullptr) {
    std::cerr << "tend: unknown command '" << words[0] << "'";
    auto suggestions = SuggestCommands(words[0]);
    if (!suggestions.empty()) {
      std::cerr << "; did you mean:";
      for (const auto& s : suggestions)
        std::cerr << " " << s;
      std::cerr << "?";
    }
    std::cerr << "\nRun 'tend --help' for the list of commands.\n";
    return kExitUsage;
  }
  auto parsed = ParseCommandLine(*spec, {words.begin() + 1, words.end()});
  if (!parsed.ok()) {
    std::cerr << "tend " << spec->name << ": " << parsed.status().message() << "\n"
              << "Run 'tend " << spec->name << " --help' for its options.\n";
    return kExitUsage;
  }
  if (parsed->help_shown) return kExitOk;
  auto home = HomeLayout::FromEnvironment();
  if (!home.ok()) {
    std::cerr << "tend: " << home.status().message() << "\n";
    return kExitSystem;
  }
  CommandContext ctx(*spec, std::move(parsed->args), *home);
  return spec->handler(ctx);
}

}  // namespace tend::cli

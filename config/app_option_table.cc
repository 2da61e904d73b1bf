#include "config/app_option_table.h"

namespace tend {
namespace {

// Builds one row; each setter names the field it fills, so a row reads as a
// sentence: Int("max_restarts", ...).Flag("--max-restarts").Default("16").
class Row {
 public:
  Row(std::string_view key, OptionType type, OptionMember member) {
    o_.key = key;
    o_.type = type;
    o_.member = member;
  }
  Row&& Range(int64_t min, int64_t max) && {
    o_.range = {min, max};
    return std::move(*this);
  }
  Row&& Choices(std::vector<OptionChoice> choices, std::string_view expected) && {
    o_.choices = std::move(choices);
    o_.expected = expected;
    return std::move(*this);
  }
  Row&& Aliases(std::vector<std::string_view> aliases) && {
    o_.aliases = std::move(aliases);
    return std::move(*this);
  }
  Row&& Flag(std::string_view names) && {
    o_.flag = names;
    return std::move(*this);
  }
  Row&& FlagValueOptional() && {
    o_.flag_value_optional = true;
    return std::move(*this);
  }
  Row&& Default(std::string_view text) && {
    o_.default_doc = text;
    return std::move(*this);
  }
  Row&& Doc(std::string_view text) && {
    o_.doc = text;
    return std::move(*this);
  }
  Row&& NotInFiles() && {
    o_.in_files = false;
    return std::move(*this);
  }
  Row&& NotActiveYet() && {
    o_.active = false;
    return std::move(*this);
  }
  operator AppOption() && { return std::move(o_); }

 private:
  AppOption o_;
};

using Str = std::string AppSpec::*;
using Strs = std::vector<std::string> AppSpec::*;
using BoolMember = bool AppSpec::*;
using I64 = int64_t AppSpec::*;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

Row Text(std::string_view key, Str m) {
  return Row(key, OptionType::kText, m);
}
Row Path(std::string_view key, Str m) {
  return Row(key, OptionType::kPath, m);
}
Row Boolean(std::string_view key, BoolMember m) {
  return Row(key, OptionType::kBool, m);
}
Row Duration(std::string_view key, I64 m) {
  return Row(key, OptionType::kDuration, m).Range(0, kInt64Max);
}
Row Size(std::string_view key, I64 m) {
  return Row(key, OptionType::kSize, m).Range(0, kInt64Max);
}
Row Int(std::string_view key, int AppSpec::*m, int64_t min, int64_t max) {
  return Row(key, OptionType::kInt, m).Range(min, max);
}
Row Choice(std::string_view key, Str m, std::vector<OptionChoice> choices,
           std::string_view expected) {
  return Row(key, OptionType::kChoice, m).Choices(std::move(choices), expected);
}

std::vector<AppOption> WhatToRun() {
  return {
      Text("name", &AppSpec::name)
          .Flag("-n,--name")
          .Default("script's file name without extension")
          .Doc("App name (default: the script's base name)"),
      Text("namespace", &AppSpec::namespace_)
          .Flag("--namespace")
          .Default("default")
          .Doc("Namespace (default: default)"),
      Path("script", &AppSpec::script)
          .Aliases({"cmd", "command"})
          .Default("required")
          .Doc("The program to run"),
      Row("args", OptionType::kWords, Strs{&AppSpec::args})
          .Default("none")
          .Doc("Arguments of the program (`tend start`: after `--`)"),
      Path("interpreter", &AppSpec::interpreter)
          .Aliases({"exec_interpreter"})
          .Flag("--interpreter")
          .Default("by extension")
          .Doc("Program that runs the script, or 'none' (default: by extension)"),
      Row("interpreter_args", OptionType::kWords, Strs{&AppSpec::interpreter_args})
          .Aliases({"node_args"})
          .Flag("--interpreter-args,--node-args")
          .Default("none")
          .Doc("Arguments for the interpreter"),
      Path("cwd", &AppSpec::cwd)
          .Flag("--cwd")
          .Default("the ecosystem file's folder")
          .Doc("Working directory (default: the current one)"),
      Row("umask", OptionType::kUmask, Str{&AppSpec::umask})
          .Flag("--umask")
          .Default("the umask of the user who runs tend start")
          .Doc("The app's umask, octal (\"022\"); default: yours"),
      Row("env", OptionType::kEnv, &AppSpec::env)
          .Default("{}")
          .Doc("The child's environment variables"),
  };
}

std::vector<AppOption> Instances() {
  return {
      Row("instances", OptionType::kInstances, &AppSpec::instances)
          .Flag("-i,--instances")
          .Default("1")
          .Doc("Number of instances (N, max, 0, -1)"),
      Choice("exec_mode", &AppSpec::exec_mode,
             {{"fork", "fork_mode"},
              {"fork_mode", "fork_mode"},
              {"cluster", "cluster_mode"},
              {"cluster_mode", "cluster_mode"}},
             "\"fork\" or \"cluster\"")
          .Default("cluster_mode when instances is set, else fork_mode (as PM2)")
          .Doc("Fork or cluster mode"),
      Text("instance_var", &AppSpec::instance_var)
          .Default("NODE_APP_INSTANCE")
          .Doc("Env var holding the instance's index"),
      Text("increment_var", &AppSpec::increment_var)
          .Default("none")
          .Doc("Env var incremented per instance"),
  };
}

std::vector<AppOption> Restarts() {
  return {
      Boolean("autorestart", &AppSpec::autorestart)
          .Flag("--no-autorestart")
          .Default("true")
          .Doc("Do not restart when it exits"),
      Int("max_restarts", &AppSpec::max_restarts, 0, kIntMax)
          .Flag("--max-restarts")
          .Default("16")
          .Doc("Unstable restarts before it is errored (default 16)"),
      Duration("min_uptime", &AppSpec::min_uptime_ms)
          .Flag("--min-uptime")
          .Default("1000 ms")
          .Doc("Exits sooner than this (ms) are unstable (default 1000)"),
      Duration("restart_delay", &AppSpec::restart_delay_ms)
          .Flag("--restart-delay")
          .Default("0")
          .Doc("Wait this long (ms) before a restart"),
      Duration("exp_backoff_restart_delay", &AppSpec::exp_backoff_restart_delay_ms)
          .Flag("--exp-backoff-restart-delay")
          .Default("0 (off)")
          .Doc("First delay (ms) of an exponential backoff (x1.5, up to 15 s)"),
      Row("stop_exit_codes", OptionType::kExitCodes, &AppSpec::stop_exit_codes)
          .Range(0, 255)
          .Flag("--stop-exit-codes")
          .Default("none")
          .Doc("Exit codes after which it is not restarted"),
      Size("max_memory_restart", &AppSpec::max_memory_restart_bytes)
          .Flag("--max-memory-restart")
          .Default("0 (off)")
          .Doc("Restart gracefully when its tree's memory passes this size (checked every second)"),
      Row("cron_restart", OptionType::kCronText, Str{&AppSpec::cron_restart})
          .Aliases({"cron"})
          .Default("none")
          .Doc("Restart on this cron schedule")
          .NotActiveYet(),
      Boolean("autostart", &AppSpec::autostart)
          .Default("true")
          .Doc("Start it on `start`; false registers it stopped"),
  };
}

std::vector<AppOption> StoppingAndReadiness() {
  return {
      Row("kill_signal", OptionType::kSignalName, Str{&AppSpec::kill_signal})
          .Flag("--kill-signal")
          .Default("SIGINT")
          .Doc("Stop signal (default SIGINT)"),
      Duration("kill_timeout", &AppSpec::kill_timeout_ms)
          .Flag("--kill-timeout")
          .Default("1600 ms")
          .Doc("Wait this long (ms) after the stop signal before SIGKILL (default 1600)"),
      Boolean("treekill", &AppSpec::treekill)
          .Flag("--no-treekill")
          .Default("true")
          .Doc("Signal only the main process"),
      Boolean("shutdown_with_message", &AppSpec::shutdown_with_message)
          .Flag("--shutdown-with-message")
          .Default("false")
          .Doc("Stop a Node app with process.send('shutdown') instead of a signal"),
      Boolean("wait_ready", &AppSpec::wait_ready)
          .Flag("--wait-ready")
          .Default("false")
          .Doc("Online only after READY=1 on NOTIFY_SOCKET or Node's process.send('ready')"),
      Duration("listen_timeout", &AppSpec::listen_timeout_ms)
          .Flag("--listen-timeout")
          .Default("3000 ms")
          .Doc("Wait this long (ms, default 3000) for ready or listening; then online anyway"),
      Boolean("reload_fail_on_timeout", &AppSpec::reload_fail_on_timeout)
          .Flag("--reload-fail-on-timeout")
          .Default("false")
          .Doc("A reload whose replacement is not ready by --listen-timeout is abandoned"),
      Row("listen", OptionType::kTextOrNumber, Str{&AppSpec::listen})
          .Flag("--listen")
          .Default("none")
          .Doc("Address tend binds and passes as fd 3 (LISTEN_FDS): PORT, HOST:PORT or a socket "
               "path"),
      Int("port", &AppSpec::port, 1, 65535).Default("none").Doc("Sets PORT"),
  };
}

std::vector<AppOption> Watching() {
  return {
      Row("watch", OptionType::kWatch, BoolMember{&AppSpec::watch})
          .Default("false")
          .Doc("Restart when files change")
          .NotActiveYet(),
      Row("watch_paths", OptionType::kPaths, Strs{&AppSpec::watch_paths})
          .Doc("What `watch` watches; empty: the cwd")
          .NotInFiles(),
      Row("ignore_watch", OptionType::kPaths, Strs{&AppSpec::ignore_watch})
          .Default("none")
          .Doc("Paths not watched")
          .NotActiveYet(),
      Duration("watch_delay", &AppSpec::watch_delay_ms)
          .Default("1000 ms")
          .Doc("Wait this long after a change before restarting")
          .NotActiveYet(),
  };
}

std::vector<AppOption> Logs() {
  return {
      Path("out_file", &AppSpec::out_file)
          .Aliases({"out", "output", "out_log"})
          .Flag("-o,--output")
          .Default("the daemon's, under $TEND_HOME/logs/")
          .Doc("File for stdout"),
      Path("error_file", &AppSpec::error_file)
          .Aliases({"error", "err", "err_file", "err_log"})
          .Flag("-e,--error")
          .Default("the daemon's, under $TEND_HOME/logs/")
          .Doc("File for stderr"),
      Path("log_file", &AppSpec::log_file)
          .Aliases({"log"})
          .Flag("-l,--log")
          .FlagValueOptional()
          .Default("none")
          .Doc("Also write both streams to one file"),
      Boolean("merge_logs", &AppSpec::merge_logs)
          .Aliases({"combine_logs"})
          .Flag("--merge-logs")
          .Default("false")
          .Doc("One log file for all instances"),
      Boolean("time", &AppSpec::time)
          .Flag("--time")
          .Default("false")
          .Doc("Prefix log lines with a timestamp"),
      Text("log_date_format", &AppSpec::log_date_format)
          .Flag("--log-date-format")
          .Doc("Timestamp format"),
      Choice("log_type", &AppSpec::log_type, {{"raw", ""}, {"json", "json"}}, "\"raw\" or \"json\"")
          .Flag("--log-type")
          .Default("raw")
          .Doc("Log line format: raw or json"),
      Boolean("disable_logs", &AppSpec::disable_logs)
          .Flag("--disable-logs")
          .Default("false")
          .Doc("Send output to /dev/null"),
  };
}

std::vector<AppOption> LogRotationAndUser() {
  return {
      Size("log_max_size", &AppSpec::log_max_size_bytes)
          .Flag("--log-max-size")
          .Default("0 (off)")
          .Doc("Rotate a log file when it reaches this size (10M, 512K, 1G)"),
      Int("log_retain", &AppSpec::log_retain, 0, kIntMax)
          .Flag("--log-retain")
          .Default("daemon default")
          .Doc("Rotated files kept per log (default: the log_retain setting)"),
      Boolean("log_compress", &AppSpec::log_compress)
          .Flag("--log-compress")
          .Default("false")
          .Doc("Gzip rotated log files"),
      Choice("log_rotate_interval", &AppSpec::log_rotate_interval,
             {{"hourly", "hourly"}, {"daily", "daily"}}, "\"hourly\" or \"daily\"")
          .Flag("--log-rotate-interval")
          .Default("none")
          .Doc("Also rotate every hour or day: hourly or daily"),
      Path("pid_file", &AppSpec::pid_file).Aliases({"pid"}).Doc("Where to write the pid"),
      Row("uid", OptionType::kTextOrNumber, Str{&AppSpec::uid})
          .Aliases({"user"})
          .Doc("Run as this user")
          .NotActiveYet(),
      Row("gid", OptionType::kTextOrNumber, Str{&AppSpec::gid})
          .Doc("Run as this group")
          .NotActiveYet(),
  };
}

std::vector<AppOption> BuildTable() {
  std::vector<AppOption> table;
  for (auto part :
       {WhatToRun, Instances, Restarts, StoppingAndReadiness, Watching, Logs, LogRotationAndUser}) {
    for (auto& row : part())
      table.push_back(std::move(row));
  }
  return table;
}

}  // namespace

void AppOption::SetInteger(AppSpec& spec, int64_t n) const {
  if (std::holds_alternative<int AppSpec::*>(member)) {
    Of<int>(spec) = static_cast<int>(n);
  } else {
    Of<int64_t>(spec) = n;
  }
}

int64_t AppOption::GetInteger(const AppSpec& spec) const {
  if (std::holds_alternative<int AppSpec::*>(member)) return Of<int>(spec);
  return Of<int64_t>(spec);
}

const std::vector<AppOption>& AppOptionTable() {
  static const std::vector<AppOption> table = BuildTable();
  return table;
}

const AppOption* FindAppOptionByKey(std::string_view key) {
  for (const auto& row : AppOptionTable()) {
    if (row.key == key) return &row;
  }
  return nullptr;
}

}  // namespace tend

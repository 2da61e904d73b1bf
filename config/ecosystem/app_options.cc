#include "config/ecosystem/app_options.h"

#include <cctype>
#include <cstdint>
#include <limits>

#include "config/cpu_count.h"
#include "config/ecosystem/option_values.h"

namespace tend::ecosystem {
namespace {

using Apply = std::function<Status(const ConfigValue&, AppSpec&)>;

Status Want(const ConfigValue& v, std::string_view what) {
  return Status::InvalidArgument(Describe(v) + " is " + std::string(what));
}

Result<std::string> AsString(const ConfigValue& v) {
  if (v.is_string()) return v.text;
  return Want(v, "not a string");
}

// Strings and numbers (uid: 1000, listen: 8080) read as text.
Result<std::string> AsText(const ConfigValue& v) {
  if (v.is_string() || v.is_integer()) return v.text;
  return Want(v, "not a string");
}

Result<int64_t> AsInt(const ConfigValue& v, int64_t min, int64_t max) {
  int64_t n = 0;
  if (v.is_integer()) {
    n = static_cast<int64_t>(v.number);
  } else if (v.is_string() && !v.text.empty()) {
    char* end = nullptr;
    n = std::strtoll(v.text.c_str(), &end, 10);
    if (*end != '\0') return Want(v, "not an integer");
  } else {
    return Want(v, "not an integer");
  }
  if (n < min || n > max) {
    return Want(v, "out of range " + std::to_string(min) + ".." + std::to_string(max));
  }
  return n;
}

template <typename Parse>
Result<int64_t> AsQuantity(const ConfigValue& v, Parse parse, std::string_view what) {
  if (v.is_number()) {
    if (!v.is_integer() || v.number < 0) return Want(v, "not " + std::string(what));
    return static_cast<int64_t>(v.number);
  }
  if (v.is_string()) return parse(v.text);
  return Want(v, "not " + std::string(what));
}

// A list given as an array, or as one string (split as a command line when
// `split_words`, else taken as a single element).
Result<std::vector<std::string>> AsList(const ConfigValue& v, bool split_words) {
  if (v.is_string()) {
    if (split_words) return SplitShellWords(v.text);
    return std::vector<std::string>{v.text};
  }
  if (!v.is_array()) return Want(v, "not a string or a list of strings");
  std::vector<std::string> out;
  for (const auto& item : v.items) {
    if (!item.is_string() && !item.is_number()) return Want(item, "not a string");
    out.push_back(item.text);
  }
  return out;
}

template <typename T, typename Member>
Apply Store(Result<T> (*read)(const ConfigValue&), Member AppSpec::*member) {
  return [read, member](const ConfigValue& v, AppSpec& s) {
    auto r = read(v);
    if (!r.ok()) return r.status();
    s.*member = std::move(r).value();
    return Status::Ok();
  };
}

Result<bool> AsBool(const ConfigValue& v) {
  if (v.is_bool()) return v.boolean;
  return Want(v, "not true or false");
}

Apply Text(std::string AppSpec::*m) {
  return Store<std::string>(&AsString, m);
}
Apply Flag(bool AppSpec::*m) {
  return Store<bool>(&AsBool, m);
}

template <typename I>
Apply Int(I AppSpec::*m, int64_t min, int64_t max) {
  return [m, min, max](const ConfigValue& v, AppSpec& s) {
    auto r = AsInt(v, min, max);
    if (!r.ok()) return r.status();
    s.*m = static_cast<I>(*r);
    return Status::Ok();
  };
}

Apply Duration(int64_t AppSpec::*m) {
  return [m](const ConfigValue& v, AppSpec& s) {
    auto r = AsQuantity(v, ParseDurationMs, "a duration (\"5s\", \"500ms\" or milliseconds)");
    if (!r.ok()) return r.status();
    s.*m = *r;
    return Status::Ok();
  };
}

Apply Size(int64_t AppSpec::*m) {
  return [m](const ConfigValue& v, AppSpec& s) {
    auto r = AsQuantity(v, ParseSizeBytes, "a size (\"300M\", \"1G\" or bytes)");
    if (!r.ok()) return r.status();
    s.*m = *r;
    return Status::Ok();
  };
}

Apply List(std::vector<std::string> AppSpec::*m, bool split_words) {
  return [m, split_words](const ConfigValue& v, AppSpec& s) {
    auto r = AsList(v, split_words);
    if (!r.ok()) return r.status();
    s.*m = std::move(r).value();
    return Status::Ok();
  };
}

// One of a few spellings, each mapped to the stored value.
Apply OneOf(std::string AppSpec::*m, std::vector<std::pair<std::string, std::string>> choices,
            std::string_view expected) {
  return [m, choices, expected](const ConfigValue& v, AppSpec& s) {
    if (v.is_string()) {
      for (const auto& [spelling, stored] : choices) {
        if (v.text == spelling) {
          s.*m = stored;
          return Status::Ok();
        }
      }
    }
    return Want(v, "not " + std::string(expected));
  };
}

Status ApplyInstances(const ConfigValue& v, AppSpec& s) {
  const bool text = v.is_string() || v.is_integer();
  auto r = text ? ResolveInstances(v.text) : Result<int>(Status::InvalidArgument(""));
  if (!r.ok()) return Want(v, "not a number, \"max\" or -1");
  s.instances = *r;
  return Status::Ok();
}

Status ApplyWatch(const ConfigValue& v, AppSpec& s) {
  if (v.is_bool()) {
    s.watch = v.boolean;
    return Status::Ok();
  }
  auto r = AsList(v, false);
  if (!r.ok()) return Want(v, "not true, false, a path or a list of paths");
  s.watch = true;
  s.watch_paths = std::move(r).value();
  return Status::Ok();
}

Status ApplyStopExitCodes(const ConfigValue& v, AppSpec& s) {
  std::vector<const ConfigValue*> codes;
  if (v.is_array()) {
    for (const auto& item : v.items)
      codes.push_back(&item);
  } else {
    codes.push_back(&v);
  }
  s.stop_exit_codes.clear();
  for (const ConfigValue* c : codes) {
    auto r = AsInt(*c, 0, 255);
    if (!r.ok()) return Want(*c, "not an exit code (0..255)");
    s.stop_exit_codes.push_back(static_cast<int>(*r));
  }
  return Status::Ok();
}

Status ApplyCron(const ConfigValue& v, AppSpec& s) {
  // PM2 treats 0 / "0" / false as "no cron".
  if ((v.is_number() && v.number == 0) || (v.is_bool() && !v.boolean) || v.text == "0") {
    s.cron_restart.clear();
    return Status::Ok();
  }
  if (!v.is_string()) return Want(v, "not a cron expression");
  TEND_RETURN_IF_ERROR(CheckCronExpression(v.text));
  s.cron_restart = v.text;
  return Status::Ok();
}

Status ApplySignal(const ConfigValue& v, AppSpec& s) {
  if (!v.is_string()) return Want(v, "not a signal name (e.g. \"SIGTERM\")");
  auto r = NormalizeSignalName(v.text);
  if (!r.ok()) return r.status();
  s.kill_signal = *r;
  return Status::Ok();
}

Status ApplyTextField(const ConfigValue& v, std::string& out) {
  auto r = AsText(v);
  if (!r.ok()) return r.status();
  out = *r;
  return Status::Ok();
}

}  // namespace

const std::vector<AppOption>& AppOptions() {
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  static const std::vector<AppOption> options = {
      {"name", {}, Text(&AppSpec::name)},
      {"namespace", {}, Text(&AppSpec::namespace_)},
      {"script", {"cmd", "command"}, Text(&AppSpec::script)},
      {"args", {}, List(&AppSpec::args, true)},
      {"interpreter", {"exec_interpreter"}, Text(&AppSpec::interpreter)},
      {"interpreter_args", {"node_args"}, List(&AppSpec::interpreter_args, true)},
      {"cwd", {}, Text(&AppSpec::cwd)},
      {"instances", {}, ApplyInstances},
      {"exec_mode",
       {},
       OneOf(&AppSpec::exec_mode,
             {{"fork", "fork_mode"},
              {"fork_mode", "fork_mode"},
              {"cluster", "cluster_mode"},
              {"cluster_mode", "cluster_mode"}},
             "\"fork\" or \"cluster\"")},
      {"instance_var", {}, Text(&AppSpec::instance_var)},
      {"increment_var", {}, Text(&AppSpec::increment_var)},
      {"autorestart", {}, Flag(&AppSpec::autorestart)},
      {"max_restarts", {}, Int(&AppSpec::max_restarts, 0, kIntMax)},
      {"min_uptime", {}, Duration(&AppSpec::min_uptime_ms)},
      {"restart_delay", {}, Duration(&AppSpec::restart_delay_ms)},
      {"exp_backoff_restart_delay", {}, Duration(&AppSpec::exp_backoff_restart_delay_ms)},
      {"stop_exit_codes", {}, ApplyStopExitCodes},
      {"max_memory_restart", {}, Size(&AppSpec::max_memory_restart_bytes)},
      {"cron_restart", {"cron"}, ApplyCron},
      {"autostart", {}, Flag(&AppSpec::autostart)},
      {"kill_signal", {}, ApplySignal},
      {"kill_timeout", {}, Duration(&AppSpec::kill_timeout_ms)},
      {"treekill", {}, Flag(&AppSpec::treekill)},
      {"shutdown_with_message", {}, Flag(&AppSpec::shutdown_with_message)},
      {"wait_ready", {}, Flag(&AppSpec::wait_ready)},
      {"listen_timeout", {}, Duration(&AppSpec::listen_timeout_ms)},
      {"reload_fail_on_timeout", {}, Flag(&AppSpec::reload_fail_on_timeout)},
      {"listen", {}, [](const ConfigValue& v, AppSpec& s) { return ApplyTextField(v, s.listen); }},
      {"port", {}, Int(&AppSpec::port, 1, 65535)},
      {"watch", {}, ApplyWatch},
      {"ignore_watch", {}, List(&AppSpec::ignore_watch, false)},
      {"watch_delay", {}, Duration(&AppSpec::watch_delay_ms)},
      {"out_file", {"out", "output", "out_log"}, Text(&AppSpec::out_file)},
      {"error_file", {"error", "err", "err_file", "err_log"}, Text(&AppSpec::error_file)},
      {"log_file", {"log"}, Text(&AppSpec::log_file)},
      {"merge_logs", {"combine_logs"}, Flag(&AppSpec::merge_logs)},
      {"time", {}, Flag(&AppSpec::time)},
      {"log_date_format", {}, Text(&AppSpec::log_date_format)},
      {"log_type", {}, OneOf(&AppSpec::log_type, {{"raw", ""}, {"json", "json"}}, "\"json\"")},
      {"disable_logs", {}, Flag(&AppSpec::disable_logs)},
      {"log_max_size", {}, Size(&AppSpec::log_max_size_bytes)},
      {"log_retain", {}, Int(&AppSpec::log_retain, 0, kIntMax)},
      {"log_compress", {}, Flag(&AppSpec::log_compress)},
      {"log_rotate_interval",
       {},
       OneOf(&AppSpec::log_rotate_interval, {{"hourly", "hourly"}, {"daily", "daily"}},
             "\"hourly\" or \"daily\"")},
      {"pid_file", {"pid"}, Text(&AppSpec::pid_file)},
      {"uid", {"user"}, [](const ConfigValue& v, AppSpec& s) { return ApplyTextField(v, s.uid); }},
      {"gid", {}, [](const ConfigValue& v, AppSpec& s) { return ApplyTextField(v, s.gid); }},
  };
  return options;
}

const std::vector<std::string_view>& OptionsNotActiveYet() {
  // Shrink this as the daemon learns each behaviour (and update docs/ecosystem.md).
  static const std::vector<std::string_view> keys = {
      // one entry per line: each leaves on its own when it lands
      "watch", "ignore_watch", "watch_delay", "cron_restart", "max_memory_restart", "uid", "gid",
  };
  return keys;
}

std::string SnakeCase(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (std::isupper(c) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

const AppOption* FindAppOption(std::string_view key) {
  for (const auto& option : AppOptions()) {
    if (option.key == key) return &option;
    for (const auto alias : option.aliases) {
      if (alias == key) return &option;
    }
  }
  return nullptr;
}

bool IsIgnoredPm2Option(std::string_view key) {
  static const std::string_view kIgnored[] = {"vizion",
                                              "watch_options",
                                              "post_update",
                                              "source_map_support",
                                              "disable_source_map_support",
                                              "force",
                                              "automation",
                                              "pmx",
                                              "trace",
                                              "disable_trace",
                                              "append_env_to_name",
                                              "filter_env",
                                              "windows_hide",
                                              "kill_retry_time",
                                              "execute_command",
                                              "node_version",
                                              "max_memory_restart_interval",
                                              "deep_monitoring",
                                              "io",
                                              "versioning"};
  for (const auto k : kIgnored) {
    if (k == key) return true;
  }
  return false;
}

std::optional<std::string> SuggestAppOption(std::string_view key) {
  std::optional<std::string> best;
  int best_distance = 3;
  const auto consider = [&](std::string_view candidate) {
    const int d = EditDistance(key, candidate);
    const int allowed = std::max<int>(1, static_cast<int>(candidate.size()) / 3);
    if (d < best_distance && d <= allowed) {
      best_distance = d;
      best = std::string(candidate);
    }
  };
  for (const auto& option : AppOptions()) {
    consider(option.key);
    for (const auto alias : option.aliases)
      consider(alias);
  }
  consider("env");
  return best;
}

Result<std::string> EnvValueString(const ConfigValue& value) {
  switch (value.kind) {
    case ConfigValue::Kind::kString:
    case ConfigValue::Kind::kNumber:
      return value.text;
    case ConfigValue::Kind::kBool:
      return std::string(value.boolean ? "true" : "false");
    case ConfigValue::Kind::kNull:
      return std::string("null");
    default:
      return Want(value, "not a string, number or boolean");
  }
}

}  // namespace tend::ecosystem

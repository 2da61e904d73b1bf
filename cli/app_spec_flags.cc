#include "cli/app_spec_flags.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>

#include "config/ecosystem/option_values.h"
#include "config/signal_names.h"

namespace tend::cli {
namespace {

Result<int64_t> ToInt(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    return Status::InvalidArgument("--" + flag + ": '" + text + "' is not a whole number");
  }
  return static_cast<int64_t>(v);
}

Status SetInt(const ParsedArgs& args, const char* key, const char* flag, int64_t min,
              int64_t& out) {
  auto text = args.String(key);
  if (!text) return Status::Ok();
  auto v = ToInt(flag, *text);
  if (!v.ok()) return v.status();
  if (*v < min) {
    return Status::InvalidArgument("--" + std::string(flag) + ": " + *text + " must be at least " +
                                   std::to_string(min));
  }
  out = *v;
  return Status::Ok();
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

Status ApplyNumbers(const ParsedArgs& args, AppSpec& spec) {
  int64_t max_restarts = spec.max_restarts;
  TEND_RETURN_IF_ERROR(SetInt(args, "max_restarts", "max-restarts", 0, max_restarts));
  spec.max_restarts = static_cast<int>(max_restarts);
  TEND_RETURN_IF_ERROR(SetInt(args, "min_uptime", "min-uptime", 0, spec.min_uptime_ms));
  TEND_RETURN_IF_ERROR(SetInt(args, "restart_delay", "restart-delay", 0, spec.restart_delay_ms));
  TEND_RETURN_IF_ERROR(SetInt(args, "exp_backoff_restart_delay", "exp-backoff-restart-delay", 0,
                              spec.exp_backoff_restart_delay_ms));
  TEND_RETURN_IF_ERROR(SetInt(args, "kill_timeout", "kill-timeout", 0, spec.kill_timeout_ms));
  TEND_RETURN_IF_ERROR(SetInt(args, "listen_timeout", "listen-timeout", 0, spec.listen_timeout_ms));
  for (const auto& code : args.List("stop_exit_codes")) {
    auto v = ToInt("stop-exit-codes", code);
    if (!v.ok()) return v.status();
    spec.stop_exit_codes.push_back(static_cast<int>(*v));
  }
  return Status::Ok();
}

Status ApplyRotationFlags(const ParsedArgs& args, AppSpec& spec) {
  if (auto v = args.String("log_max_size")) {
    auto bytes = ecosystem::ParseSizeBytes(*v);
    if (!bytes.ok()) return Status::InvalidArgument("--log-max-size: " + bytes.status().message());
    spec.log_max_size_bytes = *bytes;
  }
  int64_t retain = spec.log_retain;
  TEND_RETURN_IF_ERROR(SetInt(args, "log_retain", "log-retain", 1, retain));
  spec.log_retain = static_cast<int>(std::min<int64_t>(retain, INT32_MAX));
  if (args.Flag("log_compress")) spec.log_compress = true;
  if (auto v = args.String("log_rotate_interval")) {
    if (*v != "hourly" && *v != "daily") {
      return Status::InvalidArgument("--log-rotate-interval: '" + *v +
                                     "' is neither 'hourly' nor 'daily'");
    }
    spec.log_rotate_interval = *v;
  }
  return Status::Ok();
}

Status ApplyLogFlags(const ParsedArgs& args, AppSpec& spec) {
  if (auto v = args.String("out_file")) spec.out_file = *v;
  if (auto v = args.String("error_file")) spec.error_file = *v;
  // `-l` without a path: <name>.log in the logs folder, filled in once the name is known.
  if (args.Has("log_file")) spec.log_file = args.String("log_file").value_or("");
  if (args.Flag("merge_logs")) spec.merge_logs = true;
  if (args.Flag("time")) spec.time = true;
  if (auto v = args.String("log_date_format")) spec.log_date_format = *v;
  if (auto v = args.String("log_type")) {
    if (*v != "json" && *v != "raw") {
      return Status::InvalidArgument("--log-type: '" + *v + "' is neither 'raw' nor 'json'");
    }
    spec.log_type = *v == "raw" ? "" : *v;
  }
  if (args.Flag("disable_logs")) spec.disable_logs = true;
  return ApplyRotationFlags(args, spec);
}

}  // namespace

Status ApplyStartFlags(const ParsedArgs& args, AppSpec& spec) {
  if (auto v = args.String("name")) spec.name = *v;
  if (auto v = args.String("namespace")) spec.namespace_ = *v;
  if (auto v = args.String("cwd")) spec.cwd = *v;
  if (auto v = args.String("interpreter")) spec.interpreter = *v;
  if (auto v = args.String("interpreter_args")) spec.interpreter_args = SplitWords(*v);
  if (args.Flag("no_autorestart")) spec.autorestart = false;
  if (args.Flag("no_treekill")) spec.treekill = false;
  if (auto v = args.String("listen")) spec.listen = *v;
  if (args.Flag("wait_ready")) spec.wait_ready = true;
  if (args.Flag("reload_fail_on_timeout")) spec.reload_fail_on_timeout = true;
  if (args.Flag("shutdown_with_message")) spec.shutdown_with_message = true;
  if (auto v = args.String("kill_signal")) {
    auto sig = ParseSignal(*v);
    if (!sig.ok()) return Status::InvalidArgument("--kill-signal: " + sig.status().message());
    spec.kill_signal = SignalName(*sig);
  }
  TEND_RETURN_IF_ERROR(ApplyNumbers(args, spec));
  TEND_RETURN_IF_ERROR(ApplyLogFlags(args, spec));
  if (args.saw_separator) spec.args = args.passthrough;
  return Status::Ok();
}

}  // namespace tend::cli

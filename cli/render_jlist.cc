#include "cli/render_jlist.h"

#include "cli/render_fields.h"
#include "cli/render_text.h"
#include "config/byte_string_json.h"

namespace tend::cli {
namespace {

using nlohmann::json;

// A byte string as a JSON string (lossy only for bytes that are not UTF-8).
std::string Text(const json& obj, std::string_view key, std::string_view fallback = "") {
  return EscapeInvalidUtf8(BytesField(obj, key, fallback));
}

json TextList(const json& obj, std::string_view key) {
  json list = json::array();
  for (const auto& item : BytesListField(obj, key))
    list.push_back(EscapeInvalidUtf8(item));
  return list;
}

json OptionalInt(const json& obj, std::string_view key) {
  auto v = OptionalIntField(obj, key);
  return v ? json(*v) : json(nullptr);
}

json OptionalText(const json& obj, std::string_view key) {
  const json* v = FieldOf(obj, key);
  return v == nullptr || v->is_null() ? json(nullptr) : json(Text(obj, key));
}

// The keys PM2 keeps in pm2_env for the process itself (not its environment).
json ProcessEnv(const json& p) {
  const json& spec = SpecOf(p);
  const std::string interpreter = Text(spec, "interpreter");
  return {
      {"name", Text(p, "name")},
      {"namespace", Text(p, "namespace", "default")},
      {"pm_id", IntField(p, "pm_id")},
      {"status", Text(p, "status")},
      {"pm_uptime", IntField(p, "started_at")},
      {"created_at", IntField(p, "created_at")},
      {"restart_time", IntField(p, "restarts")},
      {"unstable_restarts", IntField(p, "unstable_restarts")},
      {"exec_mode", Text(p, "exec_mode", "fork_mode")},
      {"instances", IntField(spec, "instances", 1)},
      {"pm_exec_path", Text(spec, "script")},
      {"pm_cwd", Text(spec, "cwd")},
      {"exec_interpreter", interpreter.empty() ? std::string("none") : interpreter},
      {"args", TextList(spec, "args")},
      {"node_args", TextList(spec, "interpreter_args")},
      {"pm_out_log_path", Text(p, "out_log")},
      {"pm_err_log_path", Text(p, "err_log")},
      {"pm_pid_path", Text(p, "pid_file")},
      {"exit_code", OptionalInt(p, "exit_code")},
      {"exit_signal", OptionalText(p, "exit_signal")},
      {"autorestart", BoolField(spec, "autorestart", true)},
      {"max_restarts", IntField(spec, "max_restarts", 16)},
      {"min_uptime", IntField(spec, "min_uptime", 1000)},
      {"kill_timeout", IntField(spec, "kill_timeout", 1600)},
      {"restart_delay", IntField(spec, "restart_delay")},
      {"exp_backoff_restart_delay", IntField(spec, "exp_backoff_restart_delay")},
      {"treekill", BoolField(spec, "treekill", true)},
      {"watch", BoolField(spec, "watch")},
      {"merge_logs", BoolField(spec, "merge_logs")},
      {"instance_var", Text(spec, "instance_var", "NODE_APP_INSTANCE")},
      {"username", Text(p, "user")},
      {"versioning", nullptr},
      {"vizion", false},
      {"axm_options", json::object()},
      {"axm_actions", json::array()},
      {"axm_monitor", json::object()},
      {"axm_dynamic", json::object()},
  };
}

json Pm2Env(const json& p) {
  json env = ProcessEnv(p);
  json vars = json::object();
  for (const auto& [key, value] : EnvOf(p))
    vars[EscapeInvalidUtf8(key)] = EscapeInvalidUtf8(value);
  // PM2 sets the instance variable (NODE_APP_INSTANCE by default) per instance.
  const std::string instance_var = env["instance_var"].get<std::string>();
  if (!instance_var.empty()) env[instance_var] = IntField(p, "instance");
  for (const auto& [key, value] : vars.items()) {
    if (!env.contains(key)) env[key] = value;
  }
  env["env"] = std::move(vars);
  return env;
}

}  // namespace

json ToPm2Jlist(const json& processes) {
  json list = json::array();
  if (!processes.is_array()) return list;
  for (const auto& p : processes) {
    list.push_back({
        {"pid", IntField(p, "pid")},
        {"name", Text(p, "name")},
        {"pm_id", IntField(p, "pm_id")},
        {"monit", {{"memory", IntField(p, "memory")}, {"cpu", NumberField(p, "cpu")}}},
        {"pm2_env", Pm2Env(p)},
    });
  }
  return list;
}

std::string RenderJlist(const json& processes) {
  return SafeDump(ToPm2Jlist(processes)) + "\n";
}

std::string RenderPrettylist(const json& processes) {
  return SafeDump(ToPm2Jlist(processes), 2) + "\n";
}

}  // namespace tend::cli

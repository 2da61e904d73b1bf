#include "config/pm2_jlist.h"

#include <array>

#include "config/byte_string_json.h"
#include "config/process_fields.h"

namespace tend::pm2 {
namespace {

using nlohmann::json;

// The pm2_env keys EntryText writes: an environment variable of the same name is not lifted.
constexpr std::array<std::string_view, 8> kVolatileEnvKeys = {
    "status",    "pm_uptime",   "restart_time", "unstable_restarts",
    "exit_code", "exit_signal", "username",     "tend"};

// A byte string as a JSON string (lossy only for bytes that are not UTF-8).
std::string Text(const json& obj, std::string_view key, std::string_view fallback = "") {
  return EscapeBytes(BytesField(obj, key, fallback), /*escape_controls=*/false);
}

json TextList(const json& obj, std::string_view key) {
  json list = json::array();
  for (const auto& item : BytesListField(obj, key))
    list.push_back(EscapeBytes(item, /*escape_controls=*/false));
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

// The keys PM2 keeps in pm2_env for the process itself that only its spec changes.
json StableProcessEnv(const json& p) {
  const json& spec = SpecOf(p);
  const std::string interpreter = Text(spec, "interpreter");
  return {
      {"name", Text(p, "name")},
      {"namespace", Text(p, "namespace", "default")},
      {"pm_id", IntField(p, "pm_id")},
      {"created_at", IntField(p, "created_at")},
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
      {"versioning", nullptr},
      {"vizion", false},
      {"axm_options", json::object()},
      {"axm_actions", json::array()},
      {"axm_monitor", json::object()},
      {"axm_dynamic", json::object()},
  };
}

// The process's last restart reasons as the daemon sent them; [] when absent or malformed.
json RestartReasons(const json& p) {
  const json* reasons = FieldOf(p, "restart_reasons");
  return reasons != nullptr && reasons->is_array() ? *reasons : json::array();
}

bool IsVolatileKey(std::string_view key) {
  for (std::string_view k : kVolatileEnvKeys) {
    if (k == key) return true;
  }
  return false;
}

// A dumped object's members: "{...}" without its braces.
std::string Members(const json& object) {
  std::string text = SafeDump(object);
  return text.size() <= 2 ? std::string() : text.substr(1, text.size() - 2);
}

}  // namespace

std::string StableMembers(const json& p) {
  json env = StableProcessEnv(p);
  json vars = json::object();
  for (const auto& [key, value] : EnvOf(p))
    vars[EscapeBytes(key, false)] = EscapeBytes(value, false);
  // PM2 sets the instance variable (NODE_APP_INSTANCE by default) per instance.
  const std::string instance_var = env["instance_var"].get<std::string>();
  if (!instance_var.empty() && !IsVolatileKey(instance_var)) {
    env[instance_var] = IntField(p, "instance");
  }
  for (const auto& [key, value] : vars.items()) {
    if (!env.contains(key) && !IsVolatileKey(key)) env[key] = value;
  }
  env["env"] = std::move(vars);
  return Members(env);
}

std::string EntryText(const json& p, std::string_view stable_members) {
  const json top = {
      {"pid", IntField(p, "pid")},
      {"name", Text(p, "name")},
      {"pm_id", IntField(p, "pm_id")},
      {"monit", {{"memory", IntField(p, "memory")}, {"cpu", NumberField(p, "cpu")}}},
  };
  const json volatile_env = {
      {"status", Text(p, "status")},
      {"pm_uptime", IntField(p, "started_at")},
      {"restart_time", IntField(p, "restarts")},
      {"unstable_restarts", IntField(p, "unstable_restarts")},
      {"exit_code", OptionalInt(p, "exit_code")},
      {"exit_signal", OptionalText(p, "exit_signal")},
      {"username", Text(p, "user")},
      // tend's own facts, under a key of their own so PM2's keep their meaning.
      {"tend", {{"restart_reasons", RestartReasons(p)}}},
  };
  std::string text = "{" + Members(top) + ",\"pm2_env\":{" + Members(volatile_env);
  if (!stable_members.empty()) {
    text += ',';
    text.append(stable_members);
  }
  text += "}}";
  return text;
}

std::string ListTextFromAnswer(std::string answer) {
  // EntryText's first key is "monit" (nlohmann writes keys in order); tend's shape starts
  // with "cpu". A test holds the two together.
  if (answer == "[]" || answer.rfind("[{\"monit\":", 0) == 0) return answer;
  auto parsed = json::parse(answer, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return answer;
  return ListText(parsed);
}

std::string ListText(const json& processes) {
  std::string text = "[";
  if (processes.is_array()) {
    for (const auto& p : processes) {
      if (text.size() > 1) text += ',';
      text += EntryText(p, StableMembers(p));
    }
  }
  text += ']';
  return text;
}

}  // namespace tend::pm2

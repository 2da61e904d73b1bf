#include "config/app_spec_json.h"

#include <functional>
#include <string_view>

#include "config/byte_string_json.h"

namespace tend {
namespace {

using nlohmann::json;

// One row per field: its key, how to write it and how to read it. Keeping both
// directions in one table means a field cannot be saved and then forgotten on load.
struct Field {
  std::string_view key;
  std::function<json(const AppSpec&)> to;
  std::function<Status(const json&, AppSpec&)> from;
};

Status TypeError(std::string_view key, std::string_view want) {
  return Status::InvalidArgument("app spec field '" + std::string(key) + "': expected " +
                                 std::string(want));
}

template <typename M>
Field Str(std::string_view key, M AppSpec::*member) {
  return {key, [member](const AppSpec& s) { return json(s.*member); },
          [key, member](const json& j, AppSpec& s) {
            if (!j.is_string()) return TypeError(key, "a string");
            s.*member = j.get<std::string>();
            return Status::Ok();
          }};
}

Field Bytes(std::string_view key, std::string AppSpec::*member) {
  return {key, [member](const AppSpec& s) { return BytesToJson(s.*member); },
          [key, member](const json& j, AppSpec& s) {
            auto v = BytesFromJson(j, key);
            if (!v.ok()) return v.status();
            s.*member = std::move(v).value();
            return Status::Ok();
          }};
}

Field BytesList(std::string_view key, std::vector<std::string> AppSpec::*member) {
  return {key, [member](const AppSpec& s) { return BytesListToJson(s.*member); },
          [key, member](const json& j, AppSpec& s) {
            auto v = BytesListFromJson(j, key);
            if (!v.ok()) return v.status();
            s.*member = std::move(v).value();
            return Status::Ok();
          }};
}

Field Bool(std::string_view key, bool AppSpec::*member) {
  return {key, [member](const AppSpec& s) { return json(s.*member); },
          [key, member](const json& j, AppSpec& s) {
            if (!j.is_boolean()) return TypeError(key, "true or false");
            s.*member = j.get<bool>();
            return Status::Ok();
          }};
}

template <typename I>
Field Int(std::string_view key, I AppSpec::*member) {
  return {key, [member](const AppSpec& s) { return json(s.*member); },
          [key, member](const json& j, AppSpec& s) {
            if (!j.is_number_integer()) return TypeError(key, "an integer");
            s.*member = j.get<I>();
            return Status::Ok();
          }};
}

const std::vector<Field>& Fields() {
  static const std::vector<Field> fields = {
      Str("name", &AppSpec::name),
      Str("namespace", &AppSpec::namespace_),
      Bytes("script", &AppSpec::script),
      BytesList("args", &AppSpec::args),
      Bytes("interpreter", &AppSpec::interpreter),
      BytesList("interpreter_args", &AppSpec::interpreter_args),
      Bytes("cwd", &AppSpec::cwd),
      {"env", [](const AppSpec& s) { return BytesMapToJson(s.env); },
       [](const json& j, AppSpec& s) {
         auto v = BytesMapFromJson(j, "env");
         if (!v.ok()) return v.status();
         s.env = std::move(v).value();
         return Status::Ok();
       }},
      Int("instances", &AppSpec::instances),
      Str("exec_mode", &AppSpec::exec_mode),
      Str("instance_var", &AppSpec::instance_var),
      Str("increment_var", &AppSpec::increment_var),
      Bool("autorestart", &AppSpec::autorestart),
      Int("max_restarts", &AppSpec::max_restarts),
      Int("min_uptime", &AppSpec::min_uptime_ms),
      Int("restart_delay", &AppSpec::restart_delay_ms),
      Int("exp_backoff_restart_delay", &AppSpec::exp_backoff_restart_delay_ms),
      {"stop_exit_codes", [](const AppSpec& s) { return json(s.stop_exit_codes); },
       [](const json& j, AppSpec& s) {
         if (!j.is_array()) return TypeError("stop_exit_codes", "an array of integers");
         s.stop_exit_codes.clear();
         for (const auto& c : j) {
           if (!c.is_number_integer()) return TypeError("stop_exit_codes", "an array of integers");
           s.stop_exit_codes.push_back(c.get<int>());
         }
         return Status::Ok();
       }},
      Int("max_memory_restart", &AppSpec::max_memory_restart_bytes),
      Str("cron_restart", &AppSpec::cron_restart),
      Bool("autostart", &AppSpec::autostart),
      Str("kill_signal", &AppSpec::kill_signal),
      Int("kill_timeout", &AppSpec::kill_timeout_ms),
      Bool("treekill", &AppSpec::treekill),
      Bool("shutdown_with_message", &AppSpec::shutdown_with_message),
      Bool("wait_ready", &AppSpec::wait_ready),
      Int("listen_timeout", &AppSpec::listen_timeout_ms),
      Bool("reload_fail_on_timeout", &AppSpec::reload_fail_on_timeout),
      Str("listen", &AppSpec::listen),
      Int("port", &AppSpec::port),
      Bool("watch", &AppSpec::watch),
      BytesList("watch_paths", &AppSpec::watch_paths),
      BytesList("ignore_watch", &AppSpec::ignore_watch),
      Int("watch_delay", &AppSpec::watch_delay_ms),
      Bytes("out_file", &AppSpec::out_file),
      Bytes("error_file", &AppSpec::error_file),
      Bytes("log_file", &AppSpec::log_file),
      Bool("merge_logs", &AppSpec::merge_logs),
      Bool("time", &AppSpec::time),
      Str("log_date_format", &AppSpec::log_date_format),
      Str("log_type", &AppSpec::log_type),
      Bool("disable_logs", &AppSpec::disable_logs),
      Int("log_max_size", &AppSpec::log_max_size_bytes),
      Int("log_retain", &AppSpec::log_retain),
      Bool("log_compress", &AppSpec::log_compress),
      Str("log_rotate_interval", &AppSpec::log_rotate_interval),
      Bytes("pid_file", &AppSpec::pid_file),
      Str("uid", &AppSpec::uid),
      Str("gid", &AppSpec::gid),
  };
  return fields;
}

const Field* FindField(std::string_view key) {
  for (const auto& f : Fields()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

}  // namespace

json AppSpecToJson(const AppSpec& spec) {
  json j = json::object();
  for (const auto& f : Fields())
    j[std::string(f.key)] = f.to(spec);
  return j;
}

Result<AppSpec> AppSpecFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("app spec: expected an object");
  AppSpec spec;
  for (const auto& [key, value] : j.items()) {
    const Field* f = FindField(key);
    if (f == nullptr) return Status::InvalidArgument("app spec: unknown field '" + key + "'");
    TEND_RETURN_IF_ERROR(f->from(value, spec));
  }
  return spec;
}

bool operator==(const AppSpec& a, const AppSpec& b) {
  return AppSpecToJson(a) == AppSpecToJson(b);
}

}  // namespace tend

#include "config/ecosystem/app_reader.h"

#include "config/app_name.h"
#include "config/app_resolve.h"
#include "config/ecosystem/app_options.h"

namespace tend::ecosystem {
namespace {

// Reads one app; holds the per-app state the steps share.
class AppReader {
 public:
  AppReader(const ConfigValue& app, const std::string& path, const AppReadContext& ctx,
            Diagnostics& diag)
      : app_(app), path_(path), ctx_(ctx), diag_(diag) {}

  std::optional<AppSpec> Read(bool& env_name_found) {
    const size_t errors_before = diag_.errors.size();
    if (!app_.is_object()) {
      Error(app_.line, path_, "an app must be an object, not " + Describe(app_));
      return std::nullopt;
    }
    for (const auto& [key, value] : app_.members)
      ReadMember(key, value);
    // PM2's default: `instances` without `exec_mode` means cluster mode.
    if (app_.Find("instances") != nullptr && app_.Find("exec_mode") == nullptr &&
        app_.Find("execMode") == nullptr) {
      spec_.exec_mode = "cluster_mode";
    }
    env_name_found = ReadEnv();
    FinishScriptAndName();
    spec_.cwd = AbsolutePath(ctx_.file_dir, spec_.cwd.empty() ? "." : spec_.cwd);
    if (diag_.errors.size() != errors_before) return std::nullopt;
    return spec_;
  }

 private:
  void Error(int line, const std::string& key_path, const std::string& message) {
    diag_.errors.push_back(Where(ctx_.source, line, key_path) + message);
  }
  void Warn(int line, const std::string& key_path, const std::string& message) {
    diag_.warnings.push_back(Where(ctx_.source, line, key_path) + message);
  }

  void ReadMember(const std::string& key, const ConfigValue& value) {
    const std::string key_path = JoinKey(path_, key);
    if (key == "env" || key.rfind("env_", 0) == 0) {
      if (value.is_object() || value.is_null()) return;  // applied by ReadEnv
      if (key == "env") {
        Error(value.report_line(), key_path, Describe(value) + " is not an object of variables");
      } else {
        Warn(value.report_line(), key_path,
             "unknown option '" + key + "' (not an object: ignored)");
      }
      return;
    }
    const std::string snake = SnakeCase(key);
    if (const AppOption* option = FindAppOption(snake); option != nullptr) {
      if (value.is_null()) return;  // PM2 treats null as "not given"
      const Status s = ApplyAppOption(*option, value, spec_);
      if (!s.ok()) Error(value.report_line(), key_path, s.message());
      if (option->key == "script") script_value_ = &value;
      // A name refused here is reported once: the default name stands in for it.
      if (option->key == "name" && s.ok()) name_value_ = &value;
      return;
    }
    if (IsIgnoredPm2Option(snake)) {
      Warn(value.report_line(), key_path, "PM2 option '" + key + "' is not used by tend (ignored)");
      return;
    }
    if (auto suggestion = SuggestAppOption(snake); suggestion) {
      Error(value.report_line(), key_path,
            "unknown option '" + key + "', did you mean '" + *suggestion + "'?");
      return;
    }
    Warn(value.report_line(), key_path, "unknown option '" + key + "' (ignored)");
  }

  // The CLI's environment, then `env`, then `env_<NAME>` for --env NAME (PM2's order).
  bool ReadEnv() {
    if (ctx_.base_env != nullptr) spec_.env = *ctx_.base_env;
    Overlay("env");
    if (ctx_.env_name.empty()) return false;
    const ConfigValue* named = app_.Find("env_" + ctx_.env_name);
    if (named == nullptr || !named->is_object()) return false;
    Overlay("env_" + ctx_.env_name);
    return true;
  }

  void Overlay(const std::string& key) {
    const ConfigValue* block = app_.Find(key);
    if (block == nullptr || !block->is_object()) return;
    for (const auto& [name, value] : block->members) {
      auto text = EnvValueString(value);
      if (!text.ok()) {
        Error(value.report_line(), JoinKey(JoinKey(path_, key), name), text.status().message());
        continue;
      }
      spec_.env[name] = *text;
    }
  }

  void FinishScriptAndName() {
    if (spec_.script.empty()) {
      if (script_value_ == nullptr) {
        Error(app_.line, path_, "missing 'script' (the program to run)");
      } else if (script_value_->is_string()) {
        Error(script_value_->report_line(), JoinKey(path_, "script"), "must not be empty");
      }
      return;
    }
    const bool name_given = name_value_ != nullptr && name_value_->is_string();
    if (!name_given) spec_.name = DefaultName(spec_.script);
    // PM2 runs a script with spaces ("npm run start") as `bash -c "<script>"`.
    if (spec_.script.find(' ') != std::string::npos) {
      spec_.args = {"-c", spec_.script};
      spec_.script = "bash";
      spec_.interpreter = "none";
    }
    const Status safe = CheckAppName(spec_.name);
    if (!safe.ok()) {
      Error(name_given ? name_value_->report_line() : app_.line,
            name_given ? JoinKey(path_, "name") : path_, safe.message());
    }
  }

  static std::string DefaultName(const std::string& script) {
    if (script.find(' ') != std::string::npos) return script;
    const size_t slash = script.rfind('/');
    std::string base = slash == std::string::npos ? script : script.substr(slash + 1);
    const size_t dot = base.rfind('.');
    if (dot != std::string::npos && dot > 0) base.resize(dot);
    return base;
  }

  const ConfigValue& app_;
  const std::string& path_;
  const AppReadContext& ctx_;
  Diagnostics& diag_;
  AppSpec spec_;
  const ConfigValue* script_value_ = nullptr;
  const ConfigValue* name_value_ = nullptr;
};

}  // namespace

std::string Where(const std::string& source, int line, const std::string& key_path) {
  std::string out = source;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!key_path.empty()) out += key_path + ": ";
  return out;
}

std::optional<AppSpec> ReadApp(const ConfigValue& app, const std::string& path,
                               const AppReadContext& ctx, Diagnostics& diag, bool& env_name_found) {
  return AppReader(app, path, ctx, diag).Read(env_name_found);
}

}  // namespace tend::ecosystem

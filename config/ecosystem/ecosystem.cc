#include "config/ecosystem/ecosystem.h"

#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <set>
#include <sstream>

#include "config/app_spec_json.h"
#include "config/ecosystem/app_options.h"
#include "config/ecosystem/app_reader.h"
#include "config/ecosystem/js_evaluator.h"
#include "config/ecosystem/json_lite.h"
#include "config/ecosystem/option_values.h"
#include "config/ecosystem/yaml_reader.h"
#include "config/edit_distance.h"

namespace tend {
namespace {

using ecosystem::ConfigValue;
using ecosystem::Diagnostics;

enum class Format { kJson, kYaml, kJs };

constexpr size_t kMaxFileBytes = 16 << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<Format> FormatOf(std::string_view path) {
  if (EndsWith(path, ".json")) return Format::kJson;
  if (EndsWith(path, ".yaml") || EndsWith(path, ".yml")) return Format::kYaml;
  for (const char* ext : {".config.js", ".config.cjs", ".config.mjs"}) {
    if (EndsWith(path, ext)) return Format::kJs;
  }
  return std::nullopt;
}

Result<std::string> ReadFile(const std::string& path, const std::string& shown) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return Status::FromErrno("reading " + shown, errno);
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(shown + ": not a regular file");
  if (static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    return Status::InvalidArgument(shown + ": larger than 16 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::FromErrno("reading " + shown, errno);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<ConfigValue> ParseFile(const std::string& abs, const std::string& shown, Format format,
                              const EcosystemOptions& options) {
  if (format == Format::kJs) {
    struct stat st {};
    if (stat(abs.c_str(), &st) != 0) return Status::FromErrno("reading " + shown, errno);
    ecosystem::JsEvaluation js;
    js.path = abs;
    js.display_name = shown;
    js.path_env = options.context.path_env;
    js.cwd = options.context.cwd;
    js.env = options.context.env;
    js.timeout_ms = options.js_timeout_ms;
    return ecosystem::EvaluateJsConfig(js);
  }
  auto text = ReadFile(abs, shown);
  if (!text.ok()) return text.status();
  if (format == Format::kJson) return ecosystem::ParseJsonLite(*text, shown);
  return ecosystem::ParseYaml(*text, shown);
}

// The apps array (or single app) of a document, plus warnings for other top-level keys.
struct AppList {
  std::vector<const ConfigValue*> apps;
  std::vector<std::string> paths;
};

void CheckTopLevelKey(const std::string& key, const ConfigValue& value, const std::string& shown,
                      Diagnostics& diag) {
  using ecosystem::Where;
  if (key == "deploy" || key == "static") {
    diag.warnings.push_back(Where(shown, value.report_line(), key) + "'" + key +
                            "' is a PM2 section tend does not use (ignored)");
  } else if (ecosystem::FindAppOption(ecosystem::SnakeCase(key)) != nullptr) {
    diag.warnings.push_back(Where(shown, value.report_line(), key) + "'" + key +
                            "' is an app option: put it inside each app (ignored here)");
  } else if (EditDistanceAtMost(key, "apps", 1) <= 1) {
    diag.errors.push_back(Where(shown, value.report_line(), key) + "unknown key '" + key +
                          "', did you mean 'apps'?");
  } else {
    diag.warnings.push_back(Where(shown, value.report_line(), key) + "unknown top-level key '" +
                            key + "' (ignored)");
  }
}

bool LooksLikeApp(const ConfigValue& doc) {
  for (const auto& [key, value] : doc.members) {
    if (key == "env" || ecosystem::FindAppOption(ecosystem::SnakeCase(key)) != nullptr) {
      if (key != "apps") return true;
    }
  }
  return false;
}

Result<AppList> FindApps(const ConfigValue& doc, const std::string& shown, Diagnostics& diag) {
  AppList list;
  const std::string where = shown + (doc.line > 0 ? ":" + std::to_string(doc.line) : "") + ": ";
  const auto add_items = [&](const ConfigValue& array, const std::string& prefix) {
    for (size_t i = 0; i < array.items.size(); ++i) {
      list.apps.push_back(&array.items[i]);
      list.paths.push_back(prefix + "[" + std::to_string(i) + "]");
    }
  };
  if (doc.is_array()) {
    add_items(doc, "");
  } else if (doc.is_object() && doc.Find("apps") != nullptr) {
    const ConfigValue& apps = *doc.Find("apps");
    if (apps.is_array()) {
      add_items(apps, "apps");
    } else if (apps.is_object()) {
      list.apps.push_back(&apps);
      list.paths.push_back("apps");
    } else {
      return Status::InvalidArgument(ecosystem::Where(shown, apps.report_line(), "apps") +
                                     Describe(apps) + " is not a list of apps");
    }
    for (const auto& [key, value] : doc.members) {
      if (key != "apps") CheckTopLevelKey(key, value, shown, diag);
    }
  } else if (doc.is_object() && LooksLikeApp(doc)) {
    list.apps.push_back(&doc);
    list.paths.push_back("");
  } else {
    for (const auto& [key, value] : doc.members) {
      if (EditDistanceAtMost(key, "apps", 1) <= 1) {
        return Status::InvalidArgument(ecosystem::Where(shown, value.report_line(), key) +
                                       "unknown key '" + key + "', did you mean 'apps'?");
      }
    }
    return Status::InvalidArgument(where +
                                   "no apps: expected { apps: [...] }, an app or a list of apps");
  }
  if (list.apps.empty()) return Status::InvalidArgument(where + "the apps list is empty");
  return list;
}

// PM2 starts two apps of one name side by side; tend addresses apps by name, so
// this is worth a loud warning (the daemon refuses the second start).
void WarnDuplicateNames(const std::vector<AppSpec>& apps, const AppList& list,
                        const std::string& shown, Diagnostics& diag) {
  for (size_t i = 0; i < apps.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (apps[i].name != apps[j].name) continue;
      diag.warnings.push_back(ecosystem::Where(shown, list.apps[i]->line, list.paths[i]) +
                              "app name '" + apps[i].name + "' is also the name of " +
                              (list.paths[j].empty() ? "another app" : list.paths[j]) +
                              ": names must be unique to start both");
      break;
    }
  }
}

Status ApplyOnly(const std::vector<std::string>& only, const std::string& shown,
                 std::vector<AppSpec>& apps) {
  if (only.empty()) return Status::Ok();
  for (const auto& name : only) {
    bool found = false;
    for (const auto& app : apps)
      found = found || app.name == name;
    if (!found) {
      std::string names;
      for (const auto& app : apps)
        names += (names.empty() ? "'" : ", '") + app.name + "'";
      return Status::NotFound("--only: no app named '" + name + "' in " + shown +
                              " (apps: " + names + ")");
    }
  }
  std::vector<AppSpec> kept;
  for (auto& app : apps) {
    for (const auto& name : only) {
      if (app.name == name) {
        kept.push_back(std::move(app));
        break;
      }
    }
  }
  apps = std::move(kept);
  return Status::Ok();
}

void WarnNotActiveYet(const std::vector<AppSpec>& apps, Diagnostics& diag) {
  const nlohmann::json defaults = AppSpecToJson(AppSpec{});
  for (const auto& app : apps) {
    const nlohmann::json j = AppSpecToJson(app);
    for (const auto key : ecosystem::OptionsNotActiveYet()) {
      const std::string k(key);
      if (j.at(k) == defaults.at(k)) continue;
      diag.warnings.push_back("option '" + k + "' of app '" + app.name +
                              "' is parsed but not active yet");
    }
  }
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines)
    out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

Result<Ecosystem> LoadEcosystem(const std::string& path, const EcosystemOptions& options) {
  const auto format = FormatOf(path);
  if (!format) {
    return Status::InvalidArgument(path +
                                   ": not an ecosystem file name (.json, .yaml, .yml, "
                                   ".config.js, .config.cjs or .config.mjs)");
  }
  const std::string abs =
      AbsolutePath(options.context.cwd.empty() ? "/" : options.context.cwd, path);
  auto doc = ParseFile(abs, path, *format, options);
  if (!doc.ok()) return doc.status();
  return EcosystemFromDocument(*doc, path, abs, options);
}

Result<Ecosystem> EcosystemFromDocument(const ecosystem::ConfigValue& doc, const std::string& path,
                                        const std::string& abs_path,
                                        const EcosystemOptions& options) {
  Ecosystem eco;
  eco.path = abs_path;
  Diagnostics diag;
  for (const auto& [line, key] : ecosystem::FindDuplicateKeys(doc, "")) {
    // PM2 evaluates JSON and JS as JavaScript, where the last duplicate wins.
    diag.warnings.push_back(ecosystem::Where(path, line, key) +
                            "duplicate key: the last value is used (as in PM2)");
  }
  auto apps = FindApps(doc, path, diag);
  if (!apps.ok()) return apps.status();
  const std::string dir = eco.path.substr(0, eco.path.rfind('/'));
  ecosystem::AppReadContext ctx{path, dir.empty() ? "/" : dir, options.env_name,
                                &options.context.env};
  bool any_env_block = false;
  for (size_t i = 0; i < apps->apps.size(); ++i) {
    bool found = false;
    auto spec = ecosystem::ReadApp(*apps->apps[i], apps->paths[i], ctx, diag, found);
    any_env_block = any_env_block || found;
    if (spec) eco.apps.push_back(std::move(*spec));
  }
  if (!diag.errors.empty()) return Status::InvalidArgument(JoinLines(diag.errors));
  WarnDuplicateNames(eco.apps, *apps, path, diag);
  TEND_RETURN_IF_ERROR(ApplyOnly(options.only, path, eco.apps));
  WarnNotActiveYet(eco.apps, diag);
  if (!options.env_name.empty() && !any_env_block) {
    diag.warnings.push_back(path + ": --env " + options.env_name + ": no app has env_" +
                            options.env_name + " (only env applies)");
  }
  eco.warnings = std::move(diag.warnings);
  return eco;
}

bool IsEcosystemPath(std::string_view arg) {
  return FormatOf(arg).has_value();
}

Result<std::string> FindDefaultEcosystem(const std::string& cwd) {
  static const char* const kNames[] = {"ecosystem.config.js",  "ecosystem.config.cjs",
                                       "ecosystem.config.mjs", "ecosystem.yaml",
                                       "ecosystem.yml",        "ecosystem.json"};
  std::string tried;
  for (const char* name : kNames) {
    const std::string candidate = AbsolutePath(cwd, name);
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return candidate;
    tried += (tried.empty() ? "" : ", ") + std::string(name);
  }
  return Status::NotFound("no ecosystem file in " + cwd + " (looked for " + tried + ")");
}

}  // namespace tend

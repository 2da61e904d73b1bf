#pragma once
// Reading an ecosystem file (.json, .yaml/.yml, .config.js/.cjs/.mjs) into
// AppSpecs, as PM2 reads it, with file:line errors. LoadEcosystem validates and
// normalises but does not look for scripts on disk: ResolveAppSpec (app_resolve.h)
// does that when an app is started. See docs/ecosystem.md.

#include <string>
#include <string_view>
#include <vector>

#include "config/app_resolve.h"
#include "config/app_spec.h"
#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend {

struct EcosystemOptions {
  std::string env_name;           // --env NAME: env_NAME applies over env. "" = none.
  std::vector<std::string> only;  // --only a,b: keep these apps (each must exist). {} = all.
  ResolveContext context;         // cwd (relative paths), PATH (node), env (base of every app)
  int js_timeout_ms = 10000;      // how long node may take to evaluate a JS config
};

struct Ecosystem {
  std::string path;                   // absolute path of the file
  std::vector<AppSpec> apps;          // in file order, after --only
  std::vector<std::string> warnings;  // "file:line: key: message", for the user to see
};

// Errors (InvalidArgument, or NotFound/Timeout/Io for the file and node) list
// every problem found, one per line, each naming file, line (JSON/YAML), key
// path and value.
Result<Ecosystem> LoadEcosystem(const std::string& path, const EcosystemOptions& options);

// What LoadEcosystem does once the file is parsed (by any of the three readers):
// the apps of `doc`, validated, with --env and --only applied. `path` names the
// file in messages; `abs_path` is where it is (relative cwds start in its folder).
Result<Ecosystem> EcosystemFromDocument(const ecosystem::ConfigValue& doc, const std::string& path,
                                        const std::string& abs_path,
                                        const EcosystemOptions& options);

// Whether `tend start <arg>` means an ecosystem file rather than a script:
// *.json, *.yaml, *.yml, *.config.js, *.config.cjs, *.config.mjs (PM2's rule).
bool IsEcosystemPath(std::string_view arg);

// The first of ecosystem.config.js, .config.cjs, .config.mjs, ecosystem.yaml,
// .yml, .json present in `cwd`; NotFound listing them otherwise.
Result<std::string> FindDefaultEcosystem(const std::string& cwd);

// A commented sample for `tend init`: format "yaml" (default when empty), "json"
// or "js". InvalidArgument for another format.
Result<std::string> SampleEcosystem(std::string_view format);

}  // namespace tend

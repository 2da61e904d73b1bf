#pragma once
// Evaluates a .config.js / .cjs / .mjs ecosystem file with `node`, as PM2 does
// with require()/import(): a small runner script loads the file and writes
// JSON.stringify(exports) to fd 3, a pipe of its own, so a config that prints to
// stdout cannot corrupt the result. The config's stdout and stderr go to our
// stderr. The child runs in its own process group and is killed on timeout.

#include <map>
#include <string>

#include "config/ecosystem/config_value.h"
#include "config/status.h"

namespace tend::ecosystem {

struct JsEvaluation {
  std::string path;          // the file to evaluate (absolute)
  std::string display_name;  // how messages name it
  std::string path_env;      // where to look for node
  std::string cwd;           // node's working directory (PM2 requires from the CLI's cwd)
  std::map<std::string, std::string> env;  // process.env of the config
  int timeout_ms = 10000;
};

// The exported value as a tree (lines are 0: JavaScript values have none).
Result<ConfigValue> EvaluateJsConfig(const JsEvaluation& what);

// The exported value from the runner's output on fd 3 (JSON: {"ok": <exports>} or
// {"error": "<why>"}), its lines cleared; messages name `display_name`.
Result<ConfigValue> DecodeJsRunnerOutput(const std::string& output,
                                         const std::string& display_name);

}  // namespace tend::ecosystem

// SampleEcosystem (declared in ecosystem.h): the files `tend init` writes. Each
// one loads as is (tests check it) and names the options most apps need.

#include <string>

#include "config/ecosystem/ecosystem.h"

namespace tend {
namespace {

constexpr const char kYamlSample[] =
    R"(# tend ecosystem file: `tend start ecosystem.yaml [--env production] [--only api]`
# Every option and its default: docs/ecosystem.md. Option names are PM2's.
apps:
  - name: api                 # unique; default: the script's name without extension
    script: ./server.js       # relative to cwd; a program in PATH works too
    # cwd: ./                 # default: this file's folder
    # interpreter: node       # default: by extension (.js node, .py python3, .sh bash)
    args: --port 3000         # a string (split like a shell) or a list
    instances: 1              # a number, "max" (one per usable CPU) or -1 (all but one)
    autorestart: true
    max_restarts: 16          # unstable restarts (sooner than min_uptime) before "errored"
    min_uptime: 1s
    restart_delay: 0          # durations: 500ms, 5s, 1m, 2h or a number of milliseconds
    kill_timeout: 1600ms      # SIGINT, then SIGKILL after this
    # out_file: ./logs/api-out.log
    # error_file: ./logs/api-err.log
    env:                      # over tend's own environment
      NODE_ENV: development
    env_production:           # applied over env with --env production
      NODE_ENV: production
)";

constexpr const char kJsonSample[] = R"({
  // tend ecosystem file: `tend start ecosystem.json [--env production] [--only api]`
  // Comments and trailing commas are allowed, as in PM2. Options: docs/ecosystem.md.
  "apps": [
    {
      "name": "api",
      "script": "./server.js",
      "args": ["--port", "3000"],
      "instances": 1,            // a number, "max" or -1
      "autorestart": true,
      "max_restarts": 16,
      "min_uptime": "1s",
      "kill_timeout": 1600,      // milliseconds
      "env": { "NODE_ENV": "development" },
      "env_production": { "NODE_ENV": "production" },
    },
  ],
}
)";

constexpr const char kJsSample[] =
    R"(// tend ecosystem file: `tend start ecosystem.config.js [--env production]`
// Evaluated with node, as PM2 does: process.env and require() are available.
// Options: docs/ecosystem.md.
module.exports = {
  apps: [
    {
      name: 'api',
      script: './server.js',
      args: ['--port', '3000'],
      instances: 1, // a number, 'max' or -1
      autorestart: true,
      max_restarts: 16,
      min_uptime: '1s',
      kill_timeout: 1600, // milliseconds
      env: { NODE_ENV: 'development' },
      env_production: { NODE_ENV: 'production' },
    },
  ],
};
)";

}  // namespace

Result<std::string> SampleEcosystem(std::string_view format) {
  if (format.empty() || format == "yaml" || format == "yml") return std::string(kYamlSample);
  if (format == "json") return std::string(kJsonSample);
  if (format == "js" || format == "javascript") return std::string(kJsSample);
  return Status::InvalidArgument("unknown ecosystem format '" + std::string(format) +
                                 "' (yaml, json or js)");
}

}  // namespace tend

#pragma once
// Process objects shaped like the daemon's `list` answer, for renderer tests.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "config/app_spec.h"
#include "config/app_spec_json.h"

namespace tend::cli::testing {

inline constexpr int64_t kNowMs = 1764150000000 + 3 * 3600 * 1000;  // 3 h after created_at

inline nlohmann::json SampleProcess(int id, const std::string& name,
                                    const std::string& status = "online") {
  AppSpec spec;
  spec.name = name;
  spec.script = "/srv/" + name + "/server.js";
  spec.args = {"--port", "8080"};
  spec.interpreter = "node";
  spec.interpreter_args = {"--max-old-space-size=512"};
  spec.cwd = "/srv/" + name;
  spec.env = {{"NODE_ENV", "production"}, {"API_TOKEN", "s3cr3t-value"}, {"PATH", "/usr/bin"}};
  spec.stop_exit_codes = {0, 3};
  const bool running = status == "online" || status == "launching" || status == "stopping";
  return {
      {"pm_id", id},
      {"name", name},
      {"namespace", "default"},
      {"instance", 0},
      {"pid", running ? 4000 + id : 0},
      {"pgid", running ? 4000 + id : 0},
      {"status", status},
      {"restarts", 3},
      {"unstable_restarts", 1},
      {"created_at", int64_t{1764150000000}},
      {"started_at", int64_t{1764150000000} + 3600 * 1000},  // up 2 h at kNowMs
      {"exit_code", nullptr},
      {"exit_signal", nullptr},
      {"cpu", running ? 12.5 : 0.0},
      {"memory", running ? 36175872 : 0},  // 34.5mb
      {"user", "deploy"},
      {"exec_mode", "fork_mode"},
      {"spec", AppSpecToJson(spec)},
      {"out_log", "/home/deploy/.tend/logs/" + name + "-out.log"},
      {"err_log", "/home/deploy/.tend/logs/" + name + "-error.log"},
      {"pid_file", "/home/deploy/.tend/pids/" + name + "-" + std::to_string(id) + ".pid"},
      {"unix_time_now", kNowMs},
  };
}

}  // namespace tend::cli::testing

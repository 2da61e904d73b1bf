#pragma once
// `tend jlist` / `tend prettylist`: the process list in the shape of PM2's
// `pm2 jlist`, so scripts and dashboards written against PM2 keep working.
// A compatibility view: byte strings that are not UTF-8 are shown escaped
// (\xNN); `tend list --json` is the exact form.

#include <nlohmann/json.hpp>
#include <string>

namespace tend::cli {

// One element per process:
// {"pid","name","pm_id","monit":{"memory","cpu"},"pm2_env":{...}} where pm2_env
// holds PM2's keys (status, pm_uptime, restart_time, pm_exec_path, pm_cwd,
// exec_interpreter, node_args, pm_out_log_path, env, NODE_APP_INSTANCE, ...)
// and, as PM2 does, each environment variable as a top-level key unless that
// key is already one of PM2's. Any non-array input yields [].
nlohmann::json ToPm2Jlist(const nlohmann::json& processes);

// ToPm2Jlist on one line, then '\n' (`tend jlist`).
std::string RenderJlist(const nlohmann::json& processes);
// ToPm2Jlist indented by 2, then '\n' (`tend prettylist`).
std::string RenderPrettylist(const nlohmann::json& processes);

}  // namespace tend::cli

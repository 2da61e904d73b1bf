#pragma once
// PM2's `pm2 jlist` shape of the daemon's process objects (the `list` answer), so scripts
// and dashboards written against PM2 keep working. A compatibility view: byte strings that
// are not UTF-8 are shown escaped (\xNN); `tend list --json` is the exact form.
//
// One entry per process: {"pid","name","pm_id","monit":{"memory","cpu"},"pm2_env":{...}}
// where pm2_env holds PM2's keys (status, pm_uptime, restart_time, pm_exec_path, pm_cwd,
// exec_interpreter, node_args, pm_out_log_path, env, NODE_APP_INSTANCE, ...) and, as PM2
// does, each environment variable as a key of its own unless it is one of PM2's.
//
// The entry is written as text in two parts so that the daemon, which lists every process
// on every `jlist`, writes the large part (spec, paths, environment) once per spec and
// keeps it (daemon/commands/pm2_list_cache.h): most of pm2_env changes only with the spec.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tend::pm2 {

// The members of pm2_env that depend only on the process's spec, pm_id, instance, log paths
// and creation time: JSON members separated by commas, without the braces ("" for none).
// Needs the full process object (not `brief`).
std::string StableMembers(const nlohmann::json& process);

// The entry's text: what changes while the process runs (pid, status, uptime, restarts,
// exit, user, cpu and memory, and pm2_env.tend.restart_reasons), read from `process` (a `brief`
// object is enough), around `stable_members` as StableMembers made them.
std::string EntryText(const nlohmann::json& process, std::string_view stable_members);

// The whole list, for a caller without a cache: "[" EntryText(p, StableMembers(p)), ... "]".
// A non-array yields "[]".
std::string ListText(const nlohmann::json& processes);

// What `tend jlist` prints of the answer to `list` with {"format":"pm2"}: the text as it is,
// or, when a daemon older than that argument ignored it and answered tend's shape, that
// list written in PM2's shape here (so a CLI upgraded before its daemon still prints PM2's
// shape). Text that is not JSON is returned as it is.
std::string ListTextFromAnswer(std::string answer);

}  // namespace tend::pm2

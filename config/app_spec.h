#pragma once
// AppSpec: what the user wants for one app (desired state), independent of how
// it was given (CLI flags, ecosystem file, dump). Serialisable; never holds
// observed state such as pids or restart counts (those live in the daemon).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tend {

struct AppSpec {
  // Identity.
  std::string name;  // unique per daemon; rules in app_name.h. Default: script basename.
  std::string namespace_ = "default";  // PM2 `namespace`.

  // What to run. `script` is absolute once resolved by the CLI.
  std::string script;
  std::vector<std::string> args;
  // "" = choose by extension (.js node, .py python3, .sh bash, else exec);
  // "none" = exec the script directly; otherwise a program name or path.
  std::string interpreter;
  std::vector<std::string> interpreter_args;  // PM2 interpreter_args / node_args.
  std::string cwd;                            // absolute; default: the CLI's cwd.
  // The child's whole environment (the CLI's environment captured at start plus
  // env/env_<NAME> overlays); tend adds pm_id, name, TEND_HOME at spawn.
  std::map<std::string, std::string> env;
  // The child's umask, octal ("0022"; config/umask_text.h). The CLI fills an empty
  // one with its own umask (PM2's behaviour); a spec that reaches the daemon
  // without one (an old dump) runs with the daemon's, 0077.
  std::string umask;

  // Instances. `instances` is resolved (>= 1) before it reaches the daemon.
  int instances = 1;
  std::string exec_mode = "fork_mode";  // "fork_mode" | "cluster_mode"
  std::string instance_var = "NODE_APP_INSTANCE";
  std::string increment_var;  // PM2: env var incremented per instance, "" = none.

  // Restart policy (PM2 defaults).
  bool autorestart = true;
  int max_restarts = 16;                     // unstable restarts before `errored`.
  int64_t min_uptime_ms = 1000;              // an exit sooner is unstable.
  int64_t restart_delay_ms = 0;              // fixed wait before a restart.
  int64_t exp_backoff_restart_delay_ms = 0;  // 0 = off; else first delay, x1.5 up to 15 s.
  std::vector<int> stop_exit_codes;          // exits with these codes are not restarted.
  int64_t max_memory_restart_bytes = 0;      // 0 = off.
  std::string cron_restart;                  // "" = off.
  bool autostart = true;                     // start on `start`; false registers it stopped.

  // Stopping.
  std::string kill_signal = "SIGINT";
  int64_t kill_timeout_ms = 1600;  // then SIGKILL to the group.
  bool treekill = true;            // signal the whole process group.
  bool shutdown_with_message = false;

  // Readiness and sockets (cluster issue).
  bool wait_ready = false;
  int64_t listen_timeout_ms = 3000;
  bool reload_fail_on_timeout = false;
  std::string listen;  // port, host:port or unix path held by the daemon; "" = none.
  int port = 0;        // PM2 `port`: sets PORT; 0 = none.

  // Watching.
  bool watch = false;
  std::vector<std::string> watch_paths;  // empty with watch=true: the cwd.
  std::vector<std::string> ignore_watch;
  int64_t watch_delay_ms = 1000;

  // Logs. Empty paths mean the default under $TEND_HOME/logs.
  std::string out_file;
  std::string error_file;
  std::string log_file;  // combined out+err; "" = none.
  bool merge_logs = false;
  bool time = false;  // prefix lines with a timestamp.
  std::string log_date_format;
  std::string log_type;  // "" (raw) | "json"
  bool disable_logs = false;
  int64_t log_max_size_bytes = 0;  // 0 = no size rotation.
  int log_retain = 0;              // rotated files kept; 0 = daemon default.
  bool log_compress = false;
  std::string log_rotate_interval;  // "" | "hourly" | "daily"

  // Identity of the child.
  std::string pid_file;
  std::string uid;
  std::string gid;
};

bool operator==(const AppSpec& a, const AppSpec& b);
inline bool operator!=(const AppSpec& a, const AppSpec& b) {
  return !(a == b);
}

}  // namespace tend

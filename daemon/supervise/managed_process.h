#pragma once
// ManagedProcess: one supervised process (one instance of an app) and its
// state machine. It spawns, stops (signal, then SIGKILL to the group after
// kill_timeout), and restarts by the RestartPolicy. Every status change goes
// through Apply(), which takes the table's step, logs it and performs its actions.
// It reaches the OS only through its context's Spawner, Killer and Clock.

#include <sys/types.h>
#include <uv.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/app_spec.h"
#include "config/home_layout.h"
#include "config/status.h"
#include "daemon/cluster/node_channel.h"
#include "daemon/cluster/notify_socket.h"
#include "daemon/logs/log_process_output.h"
#include "daemon/logs/log_ring.h"
#include "daemon/logs/log_subscribers.h"
#include "daemon/os/clock.h"
#include "daemon/os/killer.h"
#include "daemon/os/spawner.h"
#include "daemon/supervise/process_state.h"
#include "daemon/supervise/restart_policy.h"
#include "daemon/supervise/restart_reasons.h"

namespace tend {

class ManagedProcess;

// What a process needs from the daemon around it.
struct ProcessContext {
  uv_loop_t* loop = nullptr;
  const HomeLayout* home = nullptr;
  // Called after every transition (persistence, events); may be empty.
  std::function<void(ManagedProcess&, ProcessState from, ProcessState to)> on_transition;
  LogFileRegistry* logs = nullptr;
  // The daemon's rotation settings (log_max_size, log_retain, log_compress,
  // log_rotate_interval), read at each spawn for what the app leaves unset.
  std::function<RotationOptions()> default_log_rotation;
  // Runs a task on a later loop turn (never inside the caller's stack).
  std::function<void(std::function<void()>)> defer;
  // The fd of a socket the daemon holds for an app (bound on first use): its `listen`
  // address, or one its Node preload asked for (`requested`), kept as long as the app.
  std::function<Result<int>(const std::string& app, const std::string& address, bool requested)>
      listen_fd;
  // tend-exec, which sets LISTEN_PID to the child's own pid and execs the program.
  std::string exec_helper;
  // tend-preload.js, required by Node apps in cluster mode (daemon/cluster/node_app.h).
  std::string node_preload;
  // The OS seams (REQUIRED, and they outlive every process): the daemon passes the
  // real ones, unit tests fakes.
  Spawner* spawner = nullptr;
  Killer* killer = nullptr;
  Clock* clock = nullptr;
  // Where copies of each launch's output pipes are kept across a daemon crash (the fd
  // holder); null keeps none.
  FdKeeper* fd_keeper = nullptr;
};

// A run of this process that a previous daemon started and that outlived it: its pid,
// when it started, and the read ends of its output pipes (from the fd holder).
struct AdoptedRun {
  pid_t pid = 0;
  int64_t started_at_ms = 0;               // Unix epoch ms
  std::array<int, 2> read_fds = {-1, -1};  // stdout, stderr; taken over by Adopt
  std::vector<pid_t> outside_group;        // its processes that left its group (setsid)
};

class ManagedProcess {
 public:
  ManagedProcess(const ProcessContext& context, int id, int instance, AppSpec spec);
  ~ManagedProcess();
  ManagedProcess(const ManagedProcess&) = delete;
  ManagedProcess& operator=(const ManagedProcess&) = delete;

  // Runs it (from stopped, errored or waiting restart). A spawn failure is
  // returned, and leaves the process `errored` with the reason kept.
  Status Start();
  // Supervises `run` again (from stopped): online, its output read on, its exit watched
  // (with an unknown status). On error the descriptors are closed and it stays stopped.
  Status Adopt(const AdoptedRun& run);
  // Reads what an ended run (of a previous daemon) left in its pipes into this process's
  // logs, until every writer is gone; the descriptors are taken over.
  Status DrainEndedRun(std::array<int, 2> read_fds);
  // Brings it to `stopped`; `done` runs once it is (at once if it is already).
  void Stop(std::function<void()> done);
  // Stop, then Start; counts as a restart, as PM2's restart_time does, and is noted with
  // its cause (RestartReasons).
  void Restart(RestartCause cause, std::function<void(Status)> done, std::string detail = "");
  // Records why the process starts again (logged too); Restart and the crash path call it,
  // and a rolling reload for its replacement.
  void NoteRestart(RestartCause cause, std::string detail);
  const RestartReasons& restart_reasons() const { return restart_reasons_; }
  // "app api (id 0)": how log lines name the process.
  std::string Label() const;
  Status SendSignal(int signum);
  void ResetCounters();
  // The name stays: the process table finds processes by it (every caller keeps it).
  void ReplaceSpec(AppSpec spec) {
    spec.name = spec_.name;
    spec_ = std::move(spec);
    spec_version_ = NextSpecVersion();
  }
  // `done(true)` once it is online (ready, or listen_timeout passed), `done(false)`
  // if it leaves `launching` any other way; at once when it is not launching.
  void WhenOnline(std::function<void(bool online)> done);
  // The last launch went online by listen_timeout, not by READY=1.
  bool ready_timed_out() const { return ready_timed_out_; }
  // Online means ready (wait_ready), or listening when asked to (a rolling reload's
  // replacement of a Node instance that listened), not only spawned.
  bool AwaitsReadiness() const { return spec_.wait_ready || await_listening_; }
  void set_await_listening(bool await) { await_listening_ = await; }
  // A Node app's server listens on a socket of the daemon (tend's preload said so).
  bool listening() const { return listening_; }

  int id() const { return id_; }
  int instance() const { return instance_; }
  const AppSpec& spec() const { return spec_; }
  ProcessState state() const { return state_; }
  pid_t pid() const { return child_ && !child_->exited() ? child_->pid() : 0; }
  // The pid of the last child spawned, running or not (0 before the first).
  pid_t last_pid() const { return last_pid_; }
  int restarts() const { return restarts_; }
  int64_t started_at_ms() const { return started_at_ms_; }
  int64_t created_at_ms() const { return created_at_ms_; }
  // Counters carried over from a dump (resurrect).
  void RestoreCounters(int restarts, int64_t created_at_ms) {
    restarts_ = restarts;
    created_at_ms_ = created_at_ms;
    spec_version_ = NextSpecVersion();
  }
  // Changes whenever the spec or the creation time does, and no two processes share one:
  // the key of a cache of what depends only on them (the list's PM2 view).
  uint64_t spec_version() const { return spec_version_; }
  const std::string& last_error() const { return last_error_; }

  // tend's own process object (the `list` answer); metrics are filled by the
  // caller. `brief`: only what the process table shows (no spec, paths, stats).
  nlohmann::json ToJson(bool brief = false) const;

  // Output: the last lines (across restarts) and live lines of this process.
  const LogRing& recent_lines() const { return ring_; }
  SubscriptionId SubscribeLines(LogSubscribers::Callback callback) {
    return line_subscribers_.Subscribe(std::move(callback));
  }
  void UnsubscribeLines(SubscriptionId id) { line_subscribers_.Unsubscribe(id); }
  // The files its output goes to now (for flush and describe).
  LogOptions CurrentLogOptions() const;

 private:
  Status Launch();
  Status FailLaunch(Status why);
  Status PrepareSpawn(SpawnOptions& options);
  Status PrepareHeldSocket(SpawnOptions& options, std::map<std::string, std::string>& env);
  Status PrepareNodeChannel(SpawnOptions& options, std::map<std::string, std::string>& env);
  // Asks the child to stop: 'shutdown' over its channel (shutdown_with_message), else a signal.
  void AskToStop();
  void AwaitReadiness();
  void OnReadyMessage();
  void NotifyOnlineWaiters(ProcessState from, ProcessState to);
  // The one place a status changes: the table's step for `event`, then its actions.
  // Returns a spawn's failure (kSpawn); an illegal event is logged and ignored.
  Status Apply(ProcessEvent event);
  Status Perform(ProcessActions actions);
  void PerformOne(ProcessAction action);
  Status SignalChild(int signum, bool tree);
  void ArmKillTimer();
  void OnExit(int64_t exit_status, int term_signal);
  void DecideAfterExit();
  void RecordGiveUp();
  void ArmRestartTimer();
  void NotifyStopWaiters();
  void WaitForGroupThenFinish();
  void KillGroup();
  std::vector<std::string> BuildArgv() const;
  // What tend adds to the app's environment at spawn (pm_id, name, ...).
  std::map<std::string, std::string> TendVariables() const;
  std::map<std::string, std::string> BuildEnv() const;
  void OnLines(const std::vector<LogLineRun>& runs);
  void RetireOutput();
  void ReleaseWhenDrained(ProcessOutput* output);  // drops it from draining_ once drained

  ProcessContext context_;
  int id_;
  int instance_;
  AppSpec spec_;
  ProcessState state_ = ProcessState::kStopped;
  std::unique_ptr<SpawnedChild> child_;
  pid_t last_pid_ = 0;
  AppRun LastRun() const { return AppRun{last_pid_, id_}; }
  std::unique_ptr<ClockTimer> kill_timer_;
  std::unique_ptr<ClockTimer> restart_timer_;
  std::unique_ptr<ClockTimer> group_poll_timer_;
  std::unique_ptr<ClockTimer> ready_timer_;
  std::unique_ptr<NotifySocket> notify_;  // wait_ready: the running child's NOTIFY_SOCKET
  std::unique_ptr<NodeChannel> node_;     // a Node child's IPC channel (NODE_CHANNEL_FD)
  bool ready_timed_out_ = false;
  bool await_listening_ = false;
  bool listening_ = false;
  std::vector<std::function<void(bool)>> online_waiters_;
  std::vector<std::function<void()>> stop_waiters_;
  uint64_t stop_requests_ = 0;  // every Stop(); lets a restart see a later stop
  RestartHistory history_;
  ExitFacts last_exit_;         // the exit being handled, for the restart policy
  std::string last_exit_text_;  // how it ended ("code 1", "SIGSEGV"), for the crash's reason
  RestartReasons restart_reasons_;
  int64_t restart_delay_ms_ = 0;  // the policy's delay for the restart being armed
  int restarts_ = 0;
  int64_t created_at_ms_;
  static uint64_t NextSpecVersion();
  uint64_t spec_version_ = NextSpecVersion();
  int64_t started_at_ms_ = 0;
  int64_t started_mono_ms_ = 0;
  std::optional<int> exit_code_;
  std::optional<int> exit_signal_;
  std::string last_error_;
  std::unique_ptr<ProcessOutput> output_;                 // the running child's pipes
  std::vector<std::unique_ptr<ProcessOutput>> draining_;  // pipes a grandchild may still hold
  LogRing ring_;
  LogSubscribers line_subscribers_;
};

}  // namespace tend

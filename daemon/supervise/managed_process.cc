#include "daemon/supervise/managed_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>

#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "config/signal_names.h"
#include "config/wall_clock.h"
#include "daemon/logs/log_paths.h"
#include "daemon/os/process_group.h"

namespace tend {
namespace {

// Leftovers of a stopped group are polled this often until kill_timeout.
constexpr int64_t kGroupPollMs = 20;

// One file's counters for `describe`; null when no running process holds it
// open (the counters live as long as the open file).
nlohmann::json LogFileStatsJson(const LogFileRegistry* logs, const std::string& path) {
  const std::optional<LogFileStats> stats = logs ? logs->Stats(path) : std::nullopt;
  if (!stats) return nullptr;
  return {
      {"path", BytesToJson(path)},
      {"bytes_written", stats->bytes_written},
      {"bytes_dropped", stats->bytes_dropped},
      {"pending_bytes", stats->pending_bytes},
      {"rotations", stats->rotations},
      {"failing", stats->failing},
      {"last_error", BytesToJson(stats->last_error)},
  };
}

nlohmann::json LogStatsJson(const LogFileRegistry* logs, const LogPaths& paths) {
  nlohmann::json j = {{"out", LogFileStatsJson(logs, paths.out)},
                      {"err", LogFileStatsJson(logs, paths.err)}};
  if (!paths.combined.empty()) j["combined"] = LogFileStatsJson(logs, paths.combined);
  return j;
}

}  // namespace

ManagedProcess::ManagedProcess(const ProcessContext& context, int id, int instance, AppSpec spec)
    : context_(context),
      id_(id),
      instance_(instance),
      spec_(std::move(spec)),
      kill_timer_(context.loop),
      restart_timer_(context.loop),
      group_poll_timer_(context.loop),
      ready_timer_(context.loop),
      created_at_ms_(WallMs()) {}

ManagedProcess::~ManagedProcess() {
  // Removed while a child runs (a restart that landed during a delete's stop):
  // nothing would supervise it any more, and its handle would keep the
  // daemon's loop, hence `tend kill`, waiting for it.
  if (pid() > 0) {
    spdlog::warn("{}: removed while pid {} runs; killing its group", Label(), pid());
    KillGroup();
  }
}

std::string ManagedProcess::Label() const {
  return "app " + spec_.name + " (id " + std::to_string(id_) + ")";
}

void ManagedProcess::Apply(ProcessEvent event) {
  const ProcessState from = state_;
  const auto to = NextState(from, event);
  if (!to) {
    spdlog::error("{}: illegal transition: event '{}' in state '{}' (ignored)", Label(),
                  EventName(event), StateName(from));
    return;
  }
  state_ = *to;
  spdlog::info("{}: {} -> {} ({})", Label(), StateName(from), StateName(*to), EventName(event));
  NotifyOnlineWaiters(from, *to);
  if (context_.on_transition) context_.on_transition(*this, from, *to);
}

Status ManagedProcess::Start() {
  if (HasChild(state_)) return Status::Ok();
  restart_timer_.Stop();
  Apply(ProcessEvent::kStart);
  return Launch();
}

LogOptions ManagedProcess::CurrentLogOptions() const {
  const LogPaths paths = ComputeLogPaths(*context_.home, spec_, id_);
  LogOptions o;
  o.out_path = paths.out;
  o.err_path = paths.err;
  o.combined_path = paths.combined;
  o.time = spec_.time;
  o.date_format = spec_.log_date_format;
  o.json = spec_.log_type == "json";
  o.app_name = spec_.name;
  o.process_id = id_;
  // What the app leaves unset comes from the daemon's settings as they are now,
  // so `tend set log_max_size 10M` applies to every later spawn. An AppSpec
  // cannot say "compress: false" apart from "unset", so either turns it on.
  const RotationOptions daemon_default =
      context_.default_log_rotation ? context_.default_log_rotation() : RotationOptions{};
  o.max_size = spec_.log_max_size_bytes > 0 ? spec_.log_max_size_bytes : daemon_default.max_size;
  o.retain = spec_.log_retain > 0 ? spec_.log_retain : daemon_default.retain;
  o.compress = spec_.log_compress || daemon_default.compress;
  o.rotate_interval =
      spec_.log_rotate_interval.empty() ? daemon_default.interval : spec_.log_rotate_interval;
  return o;
}

void ManagedProcess::OnLines(const std::vector<LogLineRun>& runs) {
  ring_.Push(runs);
  if (line_subscribers_.size() == 0) return;  // the usual case: nobody splits a flood
  for (const LogLineRun& run : runs)
    ForEachLine(run, [this](const LogLineRef& line) { line_subscribers_.Dispatch(line); });
}

// The exited child's pipes stay open until every writer (grandchildren too)
// has let go, so no line is lost; then they are freed on a later loop turn.
void ManagedProcess::RetireOutput() {
  if (!output_) return;
  ProcessOutput* raw = output_.get();
  draining_.push_back(std::move(output_));
  raw->OnDrained([this, raw] {
    auto release = [this, raw] {
      for (auto it = draining_.begin(); it != draining_.end(); ++it) {
        if (it->get() == raw) {
          draining_.erase(it);
          return;
        }
      }
    };
    if (context_.defer) {
      context_.defer(release);
    } else {
      release();
    }
  });
}

void ManagedProcess::Stop(std::function<void()> done) {
  ++stop_requests_;
  if (!HasChild(state_)) {
    restart_timer_.Stop();
    if (state_ != ProcessState::kStopped) Apply(ProcessEvent::kStop);
    if (done) done();
    return;
  }
  if (done) stop_waiters_.push_back(std::move(done));
  if (state_ == ProcessState::kStopping) return;
  ready_timer_.Stop();
  Apply(ProcessEvent::kStop);
  AskToStop();
  kill_timer_.Start(spec_.kill_timeout_ms, [this] {
    spdlog::warn("{}: still running {} ms after {}; sending SIGKILL", Label(),
                 spec_.kill_timeout_ms, spec_.kill_signal);
    KillGroup();
  });
}

void ManagedProcess::AskToStop() {
  if (spec_.shutdown_with_message && node_) {
    if (Status s = node_->Send("shutdown"); s.ok()) return;
    spdlog::warn("{}: cannot send 'shutdown'; sending {} instead", Label(), spec_.kill_signal);
  } else if (spec_.shutdown_with_message) {
    spdlog::warn("{}: shutdown_with_message needs a Node app's IPC channel; sending {}", Label(),
                 spec_.kill_signal);
  }
  auto signum = ParseSignal(spec_.kill_signal);
  const int sig = signum.ok() ? *signum : SIGINT;
  if (Status s = child_->Signal(sig, spec_.treekill); !s.ok()) {
    spdlog::warn("{}: {}", Label(), s.message());
  }
}

void ManagedProcess::KillGroup() {
  if (last_pid_ <= 0) return;
  // The whole group, treekill or not: kill_timeout is the last word.
  if (::kill(-last_pid_, SIGKILL) != 0 && errno != ESRCH) {
    spdlog::warn("{}: kill(-{}, SIGKILL): {}", Label(), last_pid_, std::strerror(errno));
  }
  if (child_ && !child_->exited()) ::kill(last_pid_, SIGKILL);
}

void ManagedProcess::OnExit(int64_t exit_status, int term_signal) {
  RetireOutput();
  ready_timer_.Stop();
  notify_.reset();
  node_.reset();
  exit_code_ = term_signal == 0 ? std::optional<int>(static_cast<int>(exit_status)) : std::nullopt;
  exit_signal_ = term_signal != 0 ? std::optional<int>(term_signal) : std::nullopt;
  const int64_t uptime = MonoMs() - started_mono_ms_;
  spdlog::info("{}: pid {} exited ({}) after {} ms", Label(), last_pid_,
               term_signal != 0 ? SignalName(term_signal) : "code " + std::to_string(exit_status),
               uptime);
  if (state_ == ProcessState::kStopping) {
    WaitForGroupThenFinish();
    return;
  }
  // An unexpected exit: end whatever is left of the old group before anything new starts.
  if (spec_.treekill) ::kill(-last_pid_, SIGKILL);
  const auto decision =
      DecideRestart(spec_, ExitFacts{exit_code_.value_or(0), term_signal, uptime}, history_);
  history_ = decision.history;
  switch (decision.action) {
    case RestartDecision::Action::kStayStopped:
      Apply(ProcessEvent::kExitStopped);
      return;
    case RestartDecision::Action::kGiveUp:
      last_error_ = "exited too quickly " + std::to_string(spec_.max_restarts) +
                    " times in a row (min_uptime " + std::to_string(spec_.min_uptime_ms) +
                    " ms); not restarting";
      spdlog::error("{}: {}", Label(), last_error_);
      Apply(ProcessEvent::kExitErrored);
      return;
    case RestartDecision::Action::kRestart:
      break;
  }
  Apply(ProcessEvent::kExitRestart);
  ++restarts_;
  auto relaunch = [this] {
    Apply(ProcessEvent::kRestartDue);
    (void)Launch();  // a failure is logged and leaves the process errored
  };
  if (decision.delay_ms <= 0) {
    relaunch();
  } else {
    restart_timer_.Start(decision.delay_ms, relaunch);
  }
}

void ManagedProcess::WaitForGroupThenFinish() {
  if (!spec_.treekill || !GroupHasLiveMember(last_pid_)) {
    FinishStop();
    return;
  }
  // Grandchildren got the stop signal too; give them until kill_timeout
  // (the kill timer then SIGKILLs the group and this poll sees it empty).
  group_poll_timer_.StartRepeating(kGroupPollMs, [this] {
    if (GroupHasLiveMember(last_pid_)) return;
    group_poll_timer_.Stop();
    FinishStop();
  });
}

void ManagedProcess::FinishStop() {
  kill_timer_.Stop();
  group_poll_timer_.Stop();
  Apply(ProcessEvent::kExitAfterStop);
  auto waiters = std::move(stop_waiters_);
  stop_waiters_.clear();
  for (auto& w : waiters)
    w();
}

void ManagedProcess::Restart(std::function<void(Status)> done) {
  const uint64_t ticket = stop_requests_ + 1;  // the count once our Stop() is in
  Stop([this, done = std::move(done), ticket] {
    // A stop, delete or restart asked after ours came last and wins.
    if (stop_requests_ != ticket) {
      if (done) done(Status::Ok());
      return;
    }
    ++restarts_;
    history_ = RestartHistory{};
    Status s = Start();
    if (done) done(s);
  });
}

Status ManagedProcess::SendSignal(int signum) {
  if (!child_ || child_->exited()) {
    return Status::NotFound(Label() + " is not running (status " + std::string(StateName(state_)) +
                            ")");
  }
  return child_->Signal(signum, false);
}

void ManagedProcess::ResetCounters() {
  restarts_ = 0;
  history_ = RestartHistory{};
}

nlohmann::json ManagedProcess::ToJson(bool brief) const {
  nlohmann::json j = {
      {"pm_id", id_},
      {"name", spec_.name},
      {"namespace", spec_.namespace_},
      {"instance", instance_},
      {"pid", pid()},
      {"pgid", pid()},
      {"status", StateName(state_)},
      {"restarts", restarts_},
      {"unstable_restarts", history_.unstable_restarts},
      {"created_at", created_at_ms_},
      {"started_at", started_at_ms_},
      {"exit_code", exit_code_ ? nlohmann::json(*exit_code_) : nlohmann::json()},
      {"exit_signal", exit_signal_ ? nlohmann::json(SignalName(*exit_signal_)) : nlohmann::json()},
      {"exec_mode", spec_.exec_mode},
  };
  if (brief) return j;  // what a table shows: no spec, paths or stats
  const LogPaths paths = ComputeLogPaths(*context_.home, spec_, id_);
  j["out_log"] = BytesToJson(paths.out);
  j["err_log"] = BytesToJson(paths.err);
  j["last_error"] = last_error_;
  j["tend_env"] = BytesMapToJson(TendVariables());
  j["log_stats"] = LogStatsJson(context_.logs, paths);
  j["spec"] = AppSpecToJson(spec_);
  return j;
}

}  // namespace tend

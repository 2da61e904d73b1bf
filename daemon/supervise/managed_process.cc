#include "daemon/supervise/managed_process.h"

#include <spdlog/spdlog.h>

#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "config/signal_names.h"
#include "daemon/logs/log_paths.h"

namespace tend {
namespace {

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
      kill_timer_(context.clock->NewTimer()),
      restart_timer_(context.clock->NewTimer()),
      group_poll_timer_(context.clock->NewTimer()),
      ready_timer_(context.clock->NewTimer()),
      created_at_ms_(context.clock->WallMs()) {}

uint64_t ManagedProcess::NextSpecVersion() {
  static uint64_t last = 0;  // the daemon's loop thread only
  return ++last;
}

ManagedProcess::~ManagedProcess() {
  // Removed while a child runs (a restart that landed during a delete's stop):
  // nothing would supervise it any more, and its handle would keep the
  // daemon's loop, hence `tend kill`, waiting for it.
  if (pid() > 0) {
    spdlog::warn("{}: removed while pid {} runs; killing its group", Label(), pid());
    KillGroup();
  }
  if (context_.killer != nullptr) context_.killer->Forget(id_);  // its cgroup, if any
}

std::string ManagedProcess::Label() const {
  return "app " + spec_.name + " (id " + std::to_string(id_) + ")";
}

Status ManagedProcess::Start() {
  if (HasChild(state_)) return Status::Ok();
  return Apply(ProcessEvent::kStart);
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
  ReleaseWhenDrained(raw);
}

void ManagedProcess::ReleaseWhenDrained(ProcessOutput* raw) {
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

void ManagedProcess::NoteRestart(RestartCause cause, std::string detail) {
  spdlog::info("{}: restart ({}{}{})", Label(), RestartCauseName(cause), detail.empty() ? "" : ": ",
               detail);
  restart_reasons_.Add(RestartReason{cause, std::move(detail), context_.clock->WallMs()});
}

void ManagedProcess::Restart(RestartCause cause, std::function<void(Status)> done,
                             std::string detail) {
  const uint64_t ticket = stop_requests_ + 1;  // the count once our Stop() is in
  Stop([this, cause, done = std::move(done), ticket, detail = std::move(detail)]() mutable {
    // A stop, delete or restart asked after ours came last and wins.
    if (stop_requests_ != ticket) {
      if (done) done(Status::Ok());
      return;
    }
    ++restarts_;
    NoteRestart(cause, std::move(detail));
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
  return SignalChild(signum, false);
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
      {"restart_reasons", restart_reasons_.ToJson()},
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

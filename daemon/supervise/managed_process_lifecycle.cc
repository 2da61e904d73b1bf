// ManagedProcess: the state machine at work. Apply looks up the table's step for an
// event (daemon/supervise/process_state.cc) and performs its actions; stop, exit and
// restart only say which event happened.
#include <signal.h>
#include <spdlog/spdlog.h>

#include "config/signal_names.h"
#include "daemon/os/adopted_child.h"
#include "daemon/supervise/managed_process.h"

namespace tend {
namespace {

// Leftovers of a stopped group are polled this often until kill_timeout.
constexpr int64_t kGroupPollMs = 20;

}  // namespace

Status ManagedProcess::Apply(ProcessEvent event) {
  const ProcessState from = state_;
  const auto step = NextStep(from, event);
  if (!step) {
    spdlog::error("{}: illegal transition: event '{}' in state '{}' (ignored)", Label(),
                  EventName(event), StateName(from));
    return Status::Ok();
  }
  if (step->to != from) {  // a step to the same state changes nothing anyone sees
    state_ = step->to;
    spdlog::info("{}: {} -> {} ({})", Label(), StateName(from), StateName(step->to),
                 EventName(event));
    NotifyOnlineWaiters(from, step->to);
    if (context_.on_transition) context_.on_transition(*this, from, step->to);
  }
  return Perform(step->actions);
}

// In the bits' order; kSpawn is the last, as its own transitions follow from it.
Status ManagedProcess::Perform(ProcessActions actions) {
  for (uint32_t bit = 1; bit != 0 && bit <= actions; bit <<= 1) {
    if ((actions & bit) == 0) continue;
    if (bit == kSpawn) return Launch();
    PerformOne(static_cast<ProcessAction>(bit));
  }
  return Status::Ok();
}

void ManagedProcess::PerformOne(ProcessAction action) {
  switch (action) {
    case kCancelReadyTimer:
      return ready_timer_->Stop();
    case kCancelRestartTimer:
      return restart_timer_->Stop();
    case kAskToStop:
      return AskToStop();
    case kArmKillTimer:
      return ArmKillTimer();
    case kKillGroup:
      return KillGroup();
    case kAwaitGroup:
      return WaitForGroupThenFinish();
    case kEndOldGroup:
      // An unexpected exit: end whatever is left of the old group before anything new starts.
      if (spec_.treekill) (void)context_.killer->SignalRun(LastRun(), SIGKILL);
      return;
    case kDecideRestart:
      return DecideAfterExit();
    case kRecordGiveUp:
      return RecordGiveUp();
    case kCountRestart:
      ++restarts_;
      NoteRestart(RestartCause::kCrash,
                  last_exit_text_ + " after " + std::to_string(last_exit_.uptime_ms) + " ms");
      return;
    case kArmRestartTimer:
      return ArmRestartTimer();
    case kCancelKillTimer:
      kill_timer_->Stop();
      group_poll_timer_->Stop();
      return;
    case kNotifyStopWaiters:
      return NotifyStopWaiters();
    case kNoAction:
    case kSpawn:
      return;
  }
}

void ManagedProcess::Stop(std::function<void()> done) {
  ++stop_requests_;
  if (done) stop_waiters_.push_back(std::move(done));
  (void)Apply(ProcessEvent::kStop);
}

void ManagedProcess::NotifyStopWaiters() {
  auto waiters = std::move(stop_waiters_);
  stop_waiters_.clear();
  for (auto& w : waiters)
    w();
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
  if (Status s = SignalChild(sig, spec_.treekill); !s.ok()) {
    spdlog::warn("{}: {}", Label(), s.message());
  }
}

// The group id is the pid: the spawner made the child a group leader.
Status ManagedProcess::SignalChild(int signum, bool tree) {
  if (!child_ || (child_->exited() && !tree)) return Status::NotFound("process has exited");
  return tree ? context_.killer->SignalRun(AppRun{child_->pid(), id_}, signum)
              : context_.killer->Signal(child_->pid(), signum);
}

void ManagedProcess::ArmKillTimer() {
  kill_timer_->Start(spec_.kill_timeout_ms, [this] {
    spdlog::warn("{}: still running {} ms after {}; sending SIGKILL", Label(),
                 spec_.kill_timeout_ms, spec_.kill_signal);
    (void)Apply(ProcessEvent::kKillTimeout);
  });
}

void ManagedProcess::KillGroup() {
  if (last_pid_ <= 0) return;
  // The whole group, treekill or not: kill_timeout is the last word.
  if (Status s = context_.killer->SignalRun(LastRun(), SIGKILL); !s.ok()) {
    spdlog::warn("{}: {}", Label(), s.message());
  }
  if (child_ && !child_->exited()) (void)context_.killer->Signal(last_pid_, SIGKILL);
}

void ManagedProcess::OnExit(int64_t exit_status, int term_signal) {
  RetireOutput();
  ready_timer_->Stop();
  notify_.reset();
  node_.reset();
  const bool known = term_signal == 0 && exit_status != kUnknownExitStatus;
  exit_code_ = known ? std::optional<int>(static_cast<int>(exit_status)) : std::nullopt;
  exit_signal_ = term_signal != 0 ? std::optional<int>(term_signal) : std::nullopt;
  // An unknown status is a crash to the policy (-1 is in no stop_exit_codes).
  last_exit_ = ExitFacts{known ? static_cast<int>(exit_status) : (term_signal == 0 ? -1 : 0),
                         term_signal, context_.clock->MonoMs() - started_mono_ms_};
  const std::string how = term_signal != 0 ? SignalName(term_signal)
                          : exit_status == kUnknownExitStatus
                              ? "status unknown: adopted"
                              : "code " + std::to_string(exit_status);
  spdlog::info("{}: pid {} exited ({}) after {} ms", Label(), last_pid_, how, last_exit_.uptime_ms);
  last_exit_text_ = how;
  (void)Apply(ProcessEvent::kExited);
}

void ManagedProcess::DecideAfterExit() {
  const auto decision = DecideRestart(spec_, last_exit_, history_);
  history_ = decision.history;
  restart_delay_ms_ = decision.delay_ms;
  switch (decision.action) {
    case RestartDecision::Action::kStayStopped:
      (void)Apply(ProcessEvent::kExitStopped);
      return;
    case RestartDecision::Action::kGiveUp:
      (void)Apply(ProcessEvent::kExitErrored);
      return;
    case RestartDecision::Action::kRestart:
      (void)Apply(ProcessEvent::kExitRestart);
      return;
  }
}

void ManagedProcess::RecordGiveUp() {
  last_error_ = "exited too quickly " + std::to_string(spec_.max_restarts) +
                " times in a row (min_uptime " + std::to_string(spec_.min_uptime_ms) +
                " ms); not restarting";
  spdlog::error("{}: {}", Label(), last_error_);
}

void ManagedProcess::ArmRestartTimer() {
  // A failed spawn is logged and leaves the process errored.
  auto relaunch = [this] { (void)Apply(ProcessEvent::kRestartDue); };
  if (restart_delay_ms_ <= 0) {
    relaunch();
  } else {
    restart_timer_->Start(restart_delay_ms_, relaunch);
  }
}

void ManagedProcess::WaitForGroupThenFinish() {
  if (!spec_.treekill || !context_.killer->RunHasLiveMember(LastRun())) {
    (void)Apply(ProcessEvent::kExitAfterStop);
    return;
  }
  // Grandchildren got the stop signal too; give them until kill_timeout
  // (the kill timer then SIGKILLs the group and this poll sees it empty).
  group_poll_timer_->StartRepeating(kGroupPollMs, [this] {
    if (context_.killer->RunHasLiveMember(LastRun())) return;
    group_poll_timer_->Stop();
    (void)Apply(ProcessEvent::kExitAfterStop);
  });
}

}  // namespace tend

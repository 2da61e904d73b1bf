#include "cli/monit/monit_session.h"

#include <ncurses.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#include "cli/exit_codes.h"
#include "cli/monit/monit_view.h"
#include "config/wall_clock.h"

namespace tend::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;

// SIGTERM, SIGINT and SIGHUP end the loop (poll returns EINTR); the screen is closed by
// the normal way out, never inside the handler.
void InstallStopSignals() {
  struct sigaction action {};
  action.sa_handler = [](int) { g_stop = 1; };
  sigemptyset(&action.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP})
    ::sigaction(sig, &action, nullptr);
}

constexpr auto kDrain = std::chrono::milliseconds(2);  // Read waits this long when idle
constexpr int kLogHistoryLines = 200;
constexpr auto kFrame = std::chrono::milliseconds(100);

int64_t NowMs() {
  return WallMs();
}

}  // namespace

MonitSession::MonitSession(CommandContext& ctx, std::string filter, bool readonly) : ctx_(ctx) {
  model_.set_filter(std::move(filter));
  ui_.readonly = readonly;
}

Status MonitSession::Connect(bool first) {
  monitor_.reset();
  logs_.reset();
  action_.reset();
  model_.ClearLog(-1);  // the next daemon's log stream starts from its ring again
  ctx_.daemon().Close();
  TEND_RETURN_IF_ERROR(first ? ctx_.daemon().Open() : ctx_.daemon().OpenForAction());
  const std::string socket = ctx_.daemon().home().socket_path();
  auto monitor = ipc::Client::Connect(socket);
  if (!monitor.ok()) return monitor.status();
  auto id = monitor->Send(std::string(ipc::kMonitor.wire), nlohmann::json::object());
  if (!id.ok()) return id.status();
  monitor_id_ = *id;
  monitor_.emplace(std::move(monitor).value());
  auto action = ipc::Client::Connect(socket);
  if (!action.ok()) return action.status();
  action_.emplace(std::move(action).value());
  return Status::Ok();
}

// The selected process's past lines from its ring, then its live ones.
void MonitSession::FollowLogs() {
  const MonitProcess* p = model_.Selected();
  const int id = p == nullptr ? -1 : p->id;
  if (id == model_.log_id() && (logs_ || id < 0)) return;
  model_.ClearLog(id);
  ui_.log_scroll = 0;
  logs_.reset();
  if (id < 0) return;
  auto logs = ipc::Client::Connect(ctx_.daemon().home().socket_path());
  if (!logs.ok()) return;
  ipc::Args args;
  args.Set(ipc::arg::kTargets, {std::to_string(id)});
  args.Set(ipc::arg::kLines, kLogHistoryLines);
  args.Set(ipc::arg::kFollow, true);
  auto sent = logs->Send(std::string(ipc::kLogs.wire), args.json());
  if (!sent.ok()) return;
  logs_id_ = *sent;
  logs_.emplace(std::move(logs).value());
}

void MonitSession::DrainMonitor() {
  while (monitor_) {
    auto frame = monitor_->Read(kDrain);
    if (!frame.ok()) {
      if (frame.status().code() == Code::kTimeout) return;
      monitor_.reset();  // the daemon went away: the loop retries in a second
      ui_.connected = false;
      next_retry_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      return;
    }
    if (frame->id != monitor_id_ || frame->kind != ipc::Response::Kind::kEvent) continue;
    const nlohmann::json& event = frame->body;
    if (event.contains("snapshot")) model_.ApplySnapshot(event["snapshot"], NowMs());
    if (event.contains("sample")) model_.ApplySample(event["sample"], NowMs());
    if (event.contains("state")) model_.ApplyState(event["state"]);
    if (event.contains("skipped")) model_.AddSkipped(event.value("skipped", size_t{0}));
  }
}

// Each event is kept as the daemon's text and parsed only if it is drawn (LogEventText):
// a process writing 10,000 lines a second costs monit a copy per line, not a parse.
void MonitSession::DrainLogs() {
  const std::string event_prefix = "{\"id\":" + std::to_string(logs_id_) + ",\"event\":";
  while (logs_) {
    auto text = logs_->ReadFrameText(kDrain);
    if (!text.ok()) {
      if (text.status().code() != Code::kTimeout) logs_.reset();
      return;
    }
    if (text->compare(0, event_prefix.size(), event_prefix) != 0) continue;  // end or error
    model_.AddLogLine(model_.log_id(), std::move(text).value());
    if (ui_.log_scroll > 0) ++ui_.log_scroll;  // paused: the view stays on the same lines
  }
}

void MonitSession::DrainAction() {
  while (action_ && action_id_ != 0) {
    auto frame = action_->Read(kDrain);
    if (!frame.ok()) {
      if (frame.status().code() == Code::kTimeout) return;
      action_.reset();
      return;
    }
    if (frame->id != action_id_) continue;
    ui_.message = frame->kind == ipc::Response::Kind::kError ? "failed: " + frame->error.message()
                                                             : "done: " + pending_what_;
    action_id_ = 0;
  }
}

void MonitSession::Ask(const ipc::Verb& verb, const std::string& what) {
  const MonitProcess* p = model_.Selected();
  if (p == nullptr) return;
  if (ui_.readonly) {
    ui_.message = "read-only: no actions (tend monit without --readonly)";
    return;
  }
  pending_verb_ = &verb;
  ipc::Args args;
  if (&verb == &ipc::kScale) {
    args.Set(ipc::arg::kName, p->name);
    args.Set(ipc::arg::kCount, what == "scale up" ? "+1" : "-1");
    pending_what_ = what + " " + p->name;
  } else {
    args.Set(ipc::arg::kTargets, {std::to_string(p->id)});
    pending_what_ = what + " " + p->name + " (id " + std::to_string(p->id) + ")";
  }
  pending_args_ = args.json();
  ui_.prompt = pending_what_ + "? y/n";
}

void MonitSession::Send() {
  if (!action_) return;
  if (!ipc::FirstUnknownArg(*pending_verb_, pending_args_).empty()) return;
  auto id = action_->Send(std::string(pending_verb_->wire), pending_args_);
  ui_.message = id.ok() ? pending_what_ + "..." : "failed: " + id.status().message();
  action_id_ = id.ok() ? *id : 0;
}

bool MonitSession::OnPromptKey(int key) {
  if (filtering_) {
    if (key == '\n' || key == KEY_ENTER) {
      filtering_ = false;
    } else if (key == 27) {
      filtering_ = false;
      model_.set_filter("");
    } else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
      std::string f = model_.filter();
      if (!f.empty()) f.pop_back();
      model_.set_filter(f);
    } else if (key >= 32 && key < 127) {
      model_.set_filter(model_.filter() + static_cast<char>(key));
    }
    ui_.prompt = filtering_ ? "filter: " + model_.filter() : "";
    return true;
  }
  if (pending_verb_ == nullptr) return false;
  if (key == 'y' || key == 'Y')
    Send();
  else
    ui_.message = "not done: " + pending_what_;
  pending_verb_ = nullptr;
  ui_.prompt.clear();
  return true;
}

void MonitSession::OnKey(int key) {
  if (ui_.help) {
    ui_.help = false;
    return;
  }
  if (OnPromptKey(key)) return;
  ui_.message.clear();
  switch (key) {
    case 'q':
    case 27:
      quit_ = true;
      break;
    case KEY_UP:
    case 'k':
      model_.Move(-1);
      break;
    case KEY_DOWN:
    case 'j':
      model_.Move(1);
      break;
    case KEY_PPAGE:
      ui_.log_scroll += std::max(1, screen_.rows() / 4);
      break;
    case KEY_NPAGE:
      ui_.log_scroll = std::max(0, ui_.log_scroll - std::max(1, screen_.rows() / 4));
      break;
    case KEY_END:
      ui_.log_scroll = 0;
      break;
    case '/':
      filtering_ = true;
      ui_.prompt = "filter: " + model_.filter();
      break;
    case 'P':
      model_.set_sort(MonitSort::kCpu);
      break;
    case 'M':
      model_.set_sort(MonitSort::kMemory);
      break;
    case 'N':
      model_.set_sort(MonitSort::kName);
      break;
    case 'U':
      model_.set_sort(MonitSort::kRestarts);
      break;
    case 'I':
      model_.set_sort(MonitSort::kId);
      break;
    case 'r':
      Ask(ipc::kRestart, "restart");
      break;
    case 'R':
      Ask(ipc::kReload, "reload");
      break;
    case 's':
      Ask(ipc::kStop, "stop");
      break;
    case 'S':
      Ask(ipc::kRestart, "start");
      break;
    case '+':
      Ask(ipc::kScale, "scale up");
      break;
    case '-':
      Ask(ipc::kScale, "scale down");
      break;
    case 'l':
      ui_.show_log = !ui_.show_log;
      break;
    case '?':
      ui_.help = true;
      break;
    default:
      break;
  }
  ui_.log_scroll = std::min(ui_.log_scroll, static_cast<int>(model_.log_lines().size()));
}

int MonitSession::Run() {
  using Clock = std::chrono::steady_clock;
  InstallStopSignals();
  if (Status s = Connect(/*first=*/true); !s.ok()) return ctx_.Fail(s);
  screen_.Open();
  Clock::time_point last_draw{};
  bool key_pressed = true;  // the first frame at once
  while (!quit_ && g_stop == 0) {
    if (!monitor_ && Clock::now() >= next_retry_) {
      next_retry_ = Clock::now() + std::chrono::seconds(1);
      ui_.connected = Connect(/*first=*/false).ok();
      if (ui_.connected) ui_.message = "reconnected to the daemon";
    }
    DrainMonitor();
    FollowLogs();
    DrainLogs();
    DrainAction();
    // At most one frame per kFrame, so a flood of log lines is read in batches and drawn
    // ten times a second; a key is answered at once. Between frames only the keyboard
    // wakes the loop: what the daemon sends waits in the socket meanwhile.
    const auto now = Clock::now();
    const bool due = key_pressed || now - last_draw >= kFrame;
    if (due) {
      screen_.Draw(model_, ui_);
      last_draw = now;
      key_pressed = false;
    }
    pollfd fds[4] = {{STDIN_FILENO, POLLIN, 0}, {-1, POLLIN, 0}, {-1, POLLIN, 0}, {-1, POLLIN, 0}};
    if (!due) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(last_draw + kFrame - now);
      ::poll(fds, 1, static_cast<int>(std::max<int64_t>(1, left.count())));
    } else {
      if (monitor_) fds[1].fd = monitor_->fd();
      if (logs_) fds[2].fd = logs_->fd();
      if (action_) fds[3].fd = action_->fd();
      ::poll(fds, 4, 1000);
    }
    for (int key = screen_.ReadKey(); key != -1 && !quit_; key = screen_.ReadKey()) {
      OnKey(key);
      key_pressed = true;
    }
  }
  screen_.Close();
  return kExitOk;
}

int MonitSession::PrintOnce() {
  if (Status s = Connect(/*first=*/true); !s.ok()) return ctx_.Fail(s);
  while (monitor_ && model_.Visible().empty() && model_.host().cores.empty()) {
    auto frame = monitor_->Read(std::chrono::seconds(10));
    if (!frame.ok()) return ctx_.Fail(frame.status());
    if (frame->kind == ipc::Response::Kind::kError) return ctx_.Fail(frame->error);
    if (frame->kind == ipc::Response::Kind::kEvent && frame->body.contains("snapshot")) {
      model_.ApplySnapshot(frame->body["snapshot"], NowMs());
      break;
    }
  }
  ctx_.out() << SnapshotText(model_, ctx_.terminal().columns);
  return kExitOk;
}

}  // namespace tend::cli

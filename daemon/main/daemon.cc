#include "daemon/main/daemon.h"

#include <malloc.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "config/no_throw.h"
#include "config/signal_names.h"
#include "daemon/cluster/node_app.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"
#include "daemon/os/app_cgroups.h"
#include "daemon/os/proc_stat.h"
#include "daemon/persist/home_orphans.h"
#include "daemon/persist/recovery.h"
#include "daemon/supervise/process_state.h"

namespace tend {

namespace {

constexpr int64_t kTrimDelayMs = 1000;

SettingsStore LoadSettings(const HomeLayout& home) {
  auto loaded = SettingsStore::Load(home.settings_path());
  if (!loaded.ok()) {
    spdlog::error("{} (using defaults)", loaded.status().message());
    return SettingsStore::Defaults(home.settings_path());
  }
  for (const auto& w : loaded->warnings())
    spdlog::warn("{}", w);
  return std::move(loaded).value();
}

// A file installed next to tendd (tend-exec); "" gives tendd's own folder.
std::string SiblingPath(const std::string& name) {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  std::string path(self, static_cast<size_t>(n));
  return path.substr(0, path.rfind('/') + 1) + name;
}

// For whoever must find the holder (tests stopping it by pid); best effort.
void WritePidFile(const std::string& path, pid_t pid) {
  if (FILE* f = std::fopen(path.c_str(), "w")) {
    std::fprintf(f, "%d\n", static_cast<int>(pid));
    std::fclose(f);
  }
}

}  // namespace

Daemon::Daemon(uv_loop_t* loop, HomeLayout home)
    : loop_(loop),
      spawner_(loop),
      killer_("/proc", home.root()),
      reaper_(loop),
      clock_(loop),
      home_(std::move(home)),
      logs_(loop),
      table_(ProcessContext{
          loop, &home_,
          // Only what changes the saved state is saved: a crash loop's pids are not (the
          // next daemon finds a child by its environment, persist/home_orphans.h).
          [this](ManagedProcess& p, ProcessState from, ProcessState to) {
            if (MeantToRun(from) != MeantToRun(to)) TableChanged();
            if (!destroying_) commands_.monitor().OnTransition(p, from, to);
          },
          &logs_, [this] { return DefaultLogRotation(); }, Deferrer(),
          [this](const std::string& app, const std::string& address, bool requested) {
            return requested ? listeners_.AcquireRequested(app, address)
                             : listeners_.Acquire(app, address);
          },
          SiblingPath("tend-exec"), FindNodePreload(SiblingPath("")), &spawner_, &killer_, &clock_,
          &holder_}),
      settings_(LoadSettings(home_)),
      dump_writer_(loop, home_.dump_path(), [this] { return SnapshotTable(table_); }),
      boot_id_(CurrentBootId()),
      state_writer_(
          loop, home_.state_path(),
          [this] {
            Dump state = SnapshotTable(table_);
            state.boot_id = boot_id_;
            return state;
          },
          "state"),
      supervision_(loop, table_, Deferrer(), [this](bool urgent) { TableChanged(urgent); }),
      memory_watch_(supervision_, metrics_),
      commands_(CommandServices{
          loop, &supervision_, &metrics_, &logs_, &settings_, &dump_writer_, &home_,
          [this](std::function<void()> apps_stopped) { Shutdown(std::move(apps_stopped)); }}),
      server_(loop, [this](const std::shared_ptr<ipc::Connection>& conn,
                           ipc::Request request) { OnRequest(conn, std::move(request)); }),
      deferred_handle_(new uv_idle_t),
      trim_timer_(loop) {
  uv_idle_init(loop_, deferred_handle_);
  deferred_handle_->data = this;
}

Daemon::~Daemon() {
  destroying_ = true;  // commands_ goes before table_, whose processes may still change state
}

RotationOptions Daemon::DefaultLogRotation() const {
  return RotationOptions{settings_.log_max_size_bytes(), settings_.log_rotate_interval(),
                         settings_.log_retain(), settings_.log_compress()};
}

Status Daemon::Start() {
  TEND_RETURN_IF_ERROR(server_.Listen(home_.socket_path()));
  InstallSignals();
  TrackDescendants();
  commands_.monitor().Start(commands_, settings_.metrics_interval_ms(),
                            [this] { memory_watch_.Check(); });
  return Status::Ok();
}

// No process outlives its app: what an app's processes leave behind (setsid, a double fork,
// a parent that died) is found by its cgroup where the daemon may make one, by its marks
// otherwise, and reaped here rather than by init (docs/architecture.md, "Every descendant").
void Daemon::TrackDescendants() {
  if (Status s = BecomeChildSubreaper(); !s.ok()) spdlog::warn("{}", s.message());
  if (Status s = reaper_.Start(); !s.ok()) spdlog::error("{}", s.message());
  const char* wanted = std::getenv("TEND_CGROUPS");
  if (wanted != nullptr && std::string(wanted) == "0") {
    spdlog::info("cgroups: off (TEND_CGROUPS=0); an app's processes are found by their marks");
    return;
  }
  auto cgroups = AppCgroups::Create(home_.root());
  if (!cgroups.ok()) {
    spdlog::info("cgroups: none ({}); an app's processes are found by their marks",
                 cgroups.status().message());
    return;
  }
  spdlog::info("cgroups: one per app under {}", (*cgroups)->dir());
  killer_.set_cgroups(std::move(cgroups).value());
}

void Daemon::InstallSignals() {
  // A write to a vanished client must be an error, not a death; a log file
  // over RLIMIT_FSIZE must fail a write, not kill the daemon.
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
  for (int signum : {SIGTERM, SIGINT, SIGHUP, SIGUSR2}) {
    auto* h = new uv_signal_t;
    uv_signal_init(loop_, h);
    h->data = this;
    uv_signal_start(
        h,
        [](uv_signal_t* handle, int sig) {
          auto* self = static_cast<Daemon*>(handle->data);
          NoThrow("signal callback", [&] { self->OnSignal(sig); });
        },
        signum);
    signals_.push_back(h);
  }
}

void Daemon::OnSignal(int sig) {
  if (sig == SIGUSR2) {
    spdlog::info("SIGUSR2: reopening every log file");
    if (Status s = home_.EnsureLogsDir(); !s.ok()) spdlog::error("SIGUSR2: {}", s.message());
    logs_.ReopenAll();  // each failure is in tendd.log, naming its file
    return;
  }
  if (sig == SIGHUP) {
    spdlog::info("SIGHUP ignored (tendd is not tied to a terminal)");
    return;
  }
  spdlog::info("received {}: stopping every app, then exiting", SignalName(sig));
  Shutdown();
}

std::function<void(std::function<void()>)> Daemon::Deferrer() {
  return [this](std::function<void()> fn) { Defer(std::move(fn)); };
}

void Daemon::Defer(std::function<void()> fn) {
  deferred_.push_back(std::move(fn));
  if (deferred_.size() > 1) return;
  uv_idle_start(deferred_handle_, [](uv_idle_t* h) {
    auto* self = static_cast<Daemon*>(h->data);
    uv_idle_stop(h);
    auto batch = std::move(self->deferred_);
    self->deferred_.clear();
    for (auto& task : batch)
      NoThrow("deferred task", task);
  });
}

void Daemon::TrimHeapSoon() {
  if (trim_timer_.active() || shutting_down()) return;
  // One-shot, only after activity: an idle daemon is never woken for it.
  trim_timer_.Start(kTrimDelayMs, [] { ::malloc_trim(0); });
}

void Daemon::OnRequest(const std::shared_ptr<ipc::Connection>& conn, ipc::Request request) {
  TrimHeapSoon();
  auto reply = std::make_shared<Reply>(conn, request.id);
  const DaemonCommand* command = FindDaemonCommand(request.cmd);
  if (command == nullptr) {
    reply->Fail(Status::InvalidArgument("unknown command '" + request.cmd + "'"));
    return;
  }
  if (std::string unknown = ipc::FirstUnknownArg(*command->verb, request.args); !unknown.empty()) {
    // Ignoring it would do something else than asked: a newer CLI's option, silently lost.
    reply->Fail(Status::InvalidArgument(
        "'" + request.cmd + "' has no argument '" + unknown + "' in tendd " TEND_VERSION +
        " (a newer tend needs a newer daemon: `tend kill`, then the command again)"));
    return;
  }
  if (shutting_down() && !command->verb->allowed_while_shutting_down()) {
    reply->Fail(Status::Unavailable("the daemon is shutting down"));
    return;
  }
  // What the client is told happened must survive a crash of the daemon: the answer of a
  // command that changes the table leaves once the live state holding it is on disk.
  if (command->changes_table) {
    reply->set_gate([this](std::function<void()> send) {
      if (shutting_down()) return send();
      state_writer_.Save([send = std::move(send)](Status) { send(); });
    });
  }
  // The last line of defence: a handler bug answers an error, the daemon lives on.
  try {
    command->handler(commands_, request.args, reply);
    if (command->changes_table) TableChanged(/*urgent=*/true);
  } catch (const std::exception& e) {
    spdlog::error("command '{}' failed: {}", request.cmd, e.what());
    reply->Fail(Status::Internal(std::string("command failed: ") + e.what()));
  } catch (...) {
    spdlog::error("command '{}' failed: a non-standard exception", request.cmd);
    reply->Fail(Status::Internal("command failed: a non-standard exception"));
  }
}

void Daemon::TableChanged(bool urgent) {
  if (listeners_.size() > 0) {
    std::set<std::string> apps;
    for (auto* p : table_.All())
      apps.insert(p->spec().name);
    listeners_.ReleaseAllBut(apps);
  }
  if (shutting_down()) return;
  autosave_urgent_ = autosave_urgent_ || urgent;
  if (autosave_scheduled_) return;
  // Snapshot once the caller is done: a start changes state before it spawns,
  // and a dump without the new pid could not stop that child after a crash.
  autosave_scheduled_ = true;
  TrimHeapSoon();  // the snapshot of the save is large and short-lived
  Defer([this] {
    const bool now = autosave_urgent_;
    autosave_scheduled_ = false;
    autosave_urgent_ = false;
    if (shutting_down()) return;
    // The live state always (a crash must lose nothing), the dump when autosave is on.
    for (DumpWriter* writer : {&state_writer_, settings_.autosave() ? &dump_writer_ : nullptr}) {
      if (writer == nullptr) continue;
      if (now) {
        writer->Save();
      } else {
        writer->SaveSoon();
      }
    }
  });
}

std::string Daemon::ConnectHolderAndRecover(const std::optional<Dump>& crash_state) {
  std::vector<HeldFds> held;
  const Status connected =
      holder_.Connect(home_.fd_holder_socket_path(), SiblingPath("tend-fdholder"));
  if (!connected.ok()) {
    spdlog::error("fd holder: {}; the apps' output pipes will not outlive a daemon crash",
                  connected.message());
  } else {
    WritePidFile(home_.fd_holder_pid_path(), holder_.holder_pid());
    auto list = holder_.started() ? Result<std::vector<HeldFds>>(held) : holder_.List();
    if (list.ok()) held = std::move(list).value();
    if (!list.ok()) spdlog::error("fd holder: {}", list.status().message());
  }
  listeners_.set_keeper(&holder_);
  took_over_ = true;
  if (!crash_state) {
    for (auto& h : held) {
      for (int fd : h.fds)
        ::close(fd);
      holder_.Release(h.key);
    }
    return "";
  }
  TakeBackListeningSockets(held);
  auto outcome = Recover(table_, *crash_state, FindLiveChildrenOfHome(kProcRoot, home_.root()),
                         std::move(held), &holder_);
  spdlog::warn("{}", outcome.Summary());
  for (const auto& f : outcome.failures)
    spdlog::error("recovery: {}", f);
  TableChanged(/*urgent=*/true);
  return outcome.Summary();
}

// The sockets a crashed daemon held for its apps: their adopted instances serve on them,
// and a reload's new instances must get the same ones (a new bind would find them taken).
void Daemon::TakeBackListeningSockets(std::vector<HeldFds>& held) {
  for (auto it = held.begin(); it != held.end();) {
    bool requested = false;
    std::string app, address;
    if (!ParseListenKey(it->key, &requested, &app, &address) || it->fds.size() != 1) {
      ++it;
      continue;
    }
    listeners_.AdoptHeld(requested, app, address, it->fds[0]);
    it = held.erase(it);
  }
}

// The state file of a daemon that exits by itself would make the next one believe it
// crashed; the holder has nothing left to hold.
void Daemon::ForgetLiveState() {
  // A daemon that failed before it took over (its socket would not listen) leaves the
  // crashed daemon's state and holder for the next one: their apps still run.
  if (!took_over_) return;
  for (const std::string& path : {home_.state_path(), home_.state_path() + ".bak"})
    ::unlink(path.c_str());
  holder_.Quit();
}

void Daemon::Shutdown(std::function<void()> apps_stopped) {
  if (shutting_down()) {
    if (apps_stopped) apps_stopped();
    return;
  }
  supervision_.set_shutting_down();
  auto procs = table_.All();
  auto remaining = std::make_shared<size_t>(procs.size());
  auto finish = [this, apps_stopped] {
    spdlog::info("every app stopped; closing the socket");
    if (apps_stopped) apps_stopped();
    // Let the reply leave and a save in flight land before the handles close.
    state_writer_.WhenIdle([this] {
      ForgetLiveState();
      dump_writer_.WhenIdle(
          [this] { Defer([this] { server_.Close([this] { CloseHandles(); }); }); });
    });
  };
  if (procs.empty()) {
    finish();
    return;
  }
  for (auto* p : procs) {
    p->Stop([remaining, finish] {
      if (--*remaining == 0) finish();
    });
  }
}

void Daemon::CloseHandles() {
  trim_timer_.Stop();
  commands_.monitor().Stop();
  reaper_.Close();
  for (auto* h : signals_) {
    uv_close(reinterpret_cast<uv_handle_t*>(h),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_signal_t*>(handle); });
  }
  signals_.clear();
  // Processes own timers and pipes: destroying them closes their handles. Log
  // files then write what they hold before the loop may end.
  for (auto* p : table_.All())
    table_.Remove(p->id());
  logs_.WhenAllIdle([] { spdlog::info("log files flushed"); });
  uv_close(reinterpret_cast<uv_handle_t*>(deferred_handle_),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_idle_t*>(handle); });
}

}  // namespace tend

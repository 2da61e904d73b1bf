// ManagedProcess: what a spawn is made of (argv, environment, inherited
// sockets) and readiness (wait_ready: NOTIFY_SOCKET's READY=1 or listen_timeout).
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "config/umask_text.h"
#include "daemon/cluster/node_app.h"
#include "daemon/supervise/managed_process.h"

namespace tend {
namespace {

// increment_var (PM2): the variable's value plus the instance index; 0 when unset.
void ApplyIncrementVar(const AppSpec& spec, int instance, std::map<std::string, std::string>& env) {
  if (spec.increment_var.empty()) return;
  auto it = env.find(spec.increment_var);
  long long base = 0;
  if (it != env.end()) {
    char* end = nullptr;
    base = std::strtoll(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0') {
      spdlog::warn("app {}: increment_var {}='{}' is not a number; left as it is", spec.name,
                   spec.increment_var, it->second);
      return;
    }
  }
  env[spec.increment_var] = std::to_string(base + instance);
}

}  // namespace

std::vector<std::string> ManagedProcess::BuildArgv() const {
  std::vector<std::string> argv;
  if (!spec_.interpreter.empty() && spec_.interpreter != "none") {
    argv.push_back(spec_.interpreter);
    if (UsesNodePreload(spec_)) {
      argv.push_back("--require");
      argv.push_back(context_.node_preload);
    }
    argv.insert(argv.end(), spec_.interpreter_args.begin(), spec_.interpreter_args.end());
  }
  argv.push_back(spec_.script);
  argv.insert(argv.end(), spec_.args.begin(), spec_.args.end());
  return argv;
}

std::map<std::string, std::string> ManagedProcess::TendVariables() const {
  std::map<std::string, std::string> vars = {{"pm_id", std::to_string(id_)},
                                             {"name", spec_.name},
                                             {"namespace", spec_.namespace_},
                                             {"TEND_HOME", context_.home->root()},
                                             {"TEND_INSTANCE", std::to_string(instance_)}};
  if (!spec_.instance_var.empty()) vars[spec_.instance_var] = std::to_string(instance_);
  return vars;
}

std::map<std::string, std::string> ManagedProcess::BuildEnv() const {
  auto env = spec_.env;
  for (auto& [key, value] : TendVariables())
    env[key] = std::move(value);
  if (spec_.port > 0 && env.count("PORT") == 0) env["PORT"] = std::to_string(spec_.port);
  ApplyIncrementVar(spec_, instance_, env);
  // What only tend may set: socket activation as systemd does it (tend-exec adds
  // LISTEN_PID after fork), readiness, and Node's channel and preload.
  for (const char* key :
       {"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "NOTIFY_SOCKET", "NODE_CHANNEL_FD",
        "NODE_CHANNEL_SERIALIZATION_MODE", "TEND_LISTEN", "TEND_NODE_PRELOAD", "NODE_UNIQUE_ID"}) {
    env.erase(key);
  }
  if (notify_) env["NOTIFY_SOCKET"] = notify_->path();
  return env;
}

Status ManagedProcess::PrepareHeldSocket(SpawnOptions& options,
                                         std::map<std::string, std::string>& env) {
  const std::string address = HeldListenAddress(spec_);
  if (address.empty()) return Status::Ok();
  if (!context_.listen_fd) return Status::Internal("no listening sockets in this daemon");
  auto fd = context_.listen_fd(spec_.name, address, /*requested=*/false);
  if (!fd.ok()) return fd.status();
  if (context_.exec_helper.empty() || ::access(context_.exec_helper.c_str(), X_OK) != 0) {
    return Status::NotFound("cannot pass the listening socket: tend-exec not found at '" +
                            context_.exec_helper + "'");
  }
  options.extra_fds.push_back(*fd);  // fd 3
  options.argv.insert(options.argv.begin(), context_.exec_helper);
  env["LISTEN_FDS"] = "1";
  env["LISTEN_FDNAMES"] = spec_.name;
  if (UsesNodePreload(spec_)) env["TEND_LISTEN"] = address;
  return Status::Ok();
}

Status ManagedProcess::PrepareNodeChannel(SpawnOptions& options,
                                          std::map<std::string, std::string>& env) {
  if (!IsNodeApp(spec_)) return Status::Ok();
  if (UsesNodePreload(spec_) && ::access(context_.node_preload.c_str(), R_OK) != 0) {
    return Status::NotFound("cannot run a Node app in cluster mode: tend's preload not found at '" +
                            context_.node_preload + "'");
  }
  NodeChannel::Callbacks callbacks;
  callbacks.on_ready = [this] {
    if (spec_.wait_ready) OnReadyMessage();
  };
  callbacks.on_listening = [this] {
    listening_ = true;
    if (await_listening_ && !spec_.wait_ready) OnReadyMessage();
  };
  callbacks.listen_fd = [this](const std::string& address) -> Result<int> {
    if (!context_.listen_fd) return Status::Internal("no listening sockets in this daemon");
    spdlog::info("{}: its server asks for {}", Label(), address);
    return context_.listen_fd(spec_.name, address, /*requested=*/true);
  };
  auto channel = NodeChannel::Open(context_.loop, std::move(callbacks));
  if (!channel.ok()) return channel.status();
  node_ = std::move(channel).value();
  options.extra_fds.resize(kNodeChannelFd - 3, -1);  // fd 3 is the listening socket's or none
  options.extra_fds.push_back(node_->child_fd());
  env["NODE_CHANNEL_FD"] = std::to_string(kNodeChannelFd);
  env["NODE_CHANNEL_SERIALIZATION_MODE"] = "json";
  if (UsesNodePreload(spec_)) env["TEND_NODE_PRELOAD"] = "1";
  return Status::Ok();
}

Status ManagedProcess::PrepareSpawn(SpawnOptions& options) {
  options.argv = BuildArgv();
  options.cwd = spec_.cwd;
  if (!spec_.umask.empty()) {  // checked here too: a spec may come from any client
    auto mask = ParseUmask(spec_.umask);
    if (!mask.ok()) return mask.status();
    options.umask = static_cast<int>(*mask);
  }
  notify_.reset();
  node_.reset();
  listening_ = false;
  if (spec_.wait_ready) {
    const std::string run_dir = context_.home->run_dir();
    if (::mkdir(run_dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::FromErrno("mkdir " + run_dir, errno);
    }
    auto notify = NotifySocket::Open(context_.loop, context_.home->notify_socket_path(id_),
                                     [this] { OnReadyMessage(); });
    if (!notify.ok()) return notify.status();
    notify_ = std::move(notify).value();
  }
  auto env = BuildEnv();
  TEND_RETURN_IF_ERROR(PrepareHeldSocket(options, env));
  TEND_RETURN_IF_ERROR(PrepareNodeChannel(options, env));
  options.env = std::move(env);
  return Status::Ok();
}

// A launch that did not get as far as a running child: nothing of it stays open, the reason
// is kept for `describe`, and the process is errored.
Status ManagedProcess::FailLaunch(Status why) {
  notify_.reset();
  node_.reset();
  last_error_ = why.message();
  spdlog::error("{}: {}", Label(), last_error_);
  (void)Apply(ProcessEvent::kSpawnFailed);
  return why;
}

Status ManagedProcess::Launch() {
  SpawnOptions options;
  if (Status s = PrepareSpawn(options); !s.ok()) return FailLaunch(s);
  // The default log files live in the home's logs folder: a removed one is made again.
  if (context_.home != nullptr) {
    if (Status s = context_.home->EnsureLogsDir(); !s.ok()) return FailLaunch(s);
  }
  auto output = ProcessOutput::Create(context_.loop, *context_.logs, CurrentLogOptions());
  if (!output.ok()) {  // a log path the user chose
    return FailLaunch(Status::InvalidArgument(output.status().message()));
  }
  options.stdout_fd = (*output)->child_stdout_fd();
  options.stderr_fd = (*output)->child_stderr_fd();
  auto child =
      context_.spawner->Spawn(options, [this](int64_t status, int sig) { OnExit(status, sig); });
  if (node_) node_->CloseChildEnd();  // the child has its copy; EOF must reach us
  if (!child.ok()) return FailLaunch(child.status());
  output_ = std::move(output).value();
  output_->SetLineSink([this](const std::vector<LogLineRun>& runs) { OnLines(runs); });
  output_->StartReading();
  child_ = std::move(child).value();
  last_pid_ = child_->pid();
  context_.killer->Track(LastRun());
  output_->KeepIn(context_.fd_keeper, OutputKey(id_, instance_, last_pid_));
  last_error_.clear();
  started_at_ms_ = context_.clock->WallMs();
  started_mono_ms_ = context_.clock->MonoMs();
  spdlog::info("{}: spawned pid {}", Label(), last_pid_);
  if (AwaitsReadiness()) {
    AwaitReadiness();
  } else {
    (void)Apply(ProcessEvent::kSpawned);
  }
  return Status::Ok();
}

Status ManagedProcess::Adopt(const AdoptedRun& run) {
  auto output =
      ProcessOutput::Adopt(context_.loop, *context_.logs, CurrentLogOptions(), run.read_fds);
  if (!output.ok()) return output.status();
  auto child =
      context_.spawner->Adopt(run.pid, [this](int64_t status, int sig) { OnExit(status, sig); });
  if (!child.ok()) return child.status();  // `output` closes the pipes
  output_ = std::move(output).value();
  output_->SetLineSink([this](const std::vector<LogLineRun>& runs) { OnLines(runs); });
  output_->StartReading();
  output_->KeepIn(context_.fd_keeper, OutputKey(id_, instance_, run.pid));
  child_ = std::move(child).value();
  last_pid_ = run.pid;
  context_.killer->TrackAdopted(LastRun(), run.outside_group);
  last_error_.clear();
  started_at_ms_ = run.started_at_ms;
  started_mono_ms_ = context_.clock->MonoMs() - (context_.clock->WallMs() - run.started_at_ms);
  spdlog::info("{}: adopted pid {}, started by a previous daemon", Label(), last_pid_);
  return Apply(ProcessEvent::kAdopted);
}

Status ManagedProcess::DrainEndedRun(std::array<int, 2> read_fds) {
  auto output = ProcessOutput::Adopt(context_.loop, *context_.logs, CurrentLogOptions(), read_fds);
  if (!output.ok()) return output.status();
  (*output)->SetLineSink([this](const std::vector<LogLineRun>& runs) { OnLines(runs); });
  (*output)->StartReading();
  ProcessOutput* raw = output->get();
  draining_.push_back(std::move(output).value());
  ReleaseWhenDrained(raw);
  return Status::Ok();
}

void ManagedProcess::AwaitReadiness() {
  ready_timed_out_ = false;
  ready_timer_->Start(spec_.listen_timeout_ms, [this] {
    spdlog::warn("{}: {} within listen_timeout ({} ms); online anyway", Label(),
                 spec_.wait_ready ? "not ready" : "not listening", spec_.listen_timeout_ms);
    ready_timed_out_ = true;
    (void)Apply(ProcessEvent::kReadyTimeout);
  });
}

// A repeated READY=1, or one during a stop, changes nothing (the table says so).
void ManagedProcess::OnReadyMessage() {
  (void)Apply(ProcessEvent::kReady);
}

void ManagedProcess::WhenOnline(std::function<void(bool)> done) {
  if (state_ == ProcessState::kLaunching) {
    online_waiters_.push_back(std::move(done));
    return;
  }
  done(state_ == ProcessState::kOnline);
}

// Waiters run on a later loop turn: they may stop or remove this process,
// which must not happen in the middle of its own transition.
void ManagedProcess::NotifyOnlineWaiters(ProcessState from, ProcessState to) {
  if (online_waiters_.empty()) return;
  const bool online = to == ProcessState::kOnline;
  if (!online && !(from == ProcessState::kLaunching && to != ProcessState::kLaunching)) return;
  auto waiters = std::move(online_waiters_);
  online_waiters_.clear();
  auto fire = [waiters = std::move(waiters), online] {
    for (const auto& w : waiters)
      w(online);
  };
  if (context_.defer) {
    context_.defer(fire);
  } else {
    fire();
  }
}

}  // namespace tend

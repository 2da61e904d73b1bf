#include "cli/daemon_connection.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "config/file_trust.h"

namespace tend::cli {
namespace {

constexpr int kDaemonAlreadyRunning = 4;  // tendd's exit code when another daemon holds the home

// Runs tendd and waits for its first process, which exits once the daemon is
// ready (0), when another daemon holds the home (kDaemonAlreadyRunning), or on
// failure (with its reason on stderr).
Result<int> RunDaemonStarter(const std::string& binary) {
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Status::FromErrno("pipe", errno);
  const pid_t pid = ::fork();
  if (pid < 0) return Status::FromErrno("fork", errno);
  if (pid == 0) {
    ::dup2(err_pipe[1], STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(devnull, STDOUT_FILENO);
    }
    ::execl(binary.c_str(), binary.c_str(), static_cast<char*>(nullptr));
    const std::string msg = "cannot run " + binary + ": " + std::strerror(errno) + "\n";
    (void)!::write(STDERR_FILENO, msg.data(), msg.size());
    ::_exit(127);
  }
  ::close(err_pipe[1]);
  std::string err;
  char buf[512];
  ssize_t n;
  while ((n = ::read(err_pipe[0], buf, sizeof buf)) > 0)
    err.append(buf, static_cast<size_t>(n));
  ::close(err_pipe[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  while (!err.empty() && (err.back() == '\n' || err.back() == ' '))
    err.pop_back();
  if (err.rfind("tendd: ", 0) == 0) err = err.substr(7);
  // A daemon that started well may have news: it recovered from a crash of the last one.
  if (code == 0 && !err.empty()) std::fprintf(stderr, "tend: %s\n", err.c_str());
  if (code == 0 || code == kDaemonAlreadyRunning) return code;
  return Status::Unavailable("cannot start the daemon: " +
                             (err.empty() ? "tendd exited with " + std::to_string(code) : err));
}

}  // namespace

std::string FindDaemonBinary() {
  if (const char* env = std::getenv("TEND_DAEMON_BIN"); env != nullptr && *env != '\0') return env;
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir = dir.substr(0, dir.rfind('/'));
    for (const std::string& candidate : {dir + "/tendd", dir + "/../daemon/tendd"}) {
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return "tendd";  // execvp-style lookup is not used: execl needs a path
}

Status DaemonConnection::OpenExisting() {
  if (client_) return Status::Ok();
  TEND_RETURN_IF_ERROR(home_.CheckSocketPath());
  // In a home others may write, the socket may be theirs: never send it our request.
  TEND_RETURN_IF_ERROR(CheckTrustedDir(home_.root(), "home"));
  auto c = ipc::Client::Connect(home_.socket_path());
  if (!c.ok()) return c.status();
  client_.emplace(std::move(c).value());
  return Status::Ok();
}

Status DaemonConnection::StartDaemon() {
  TEND_RETURN_IF_ERROR(home_.Ensure());
  const std::string binary = FindDaemonBinary();
  if (binary.find('/') == std::string::npos) {
    return Status::Unavailable("cannot find tendd next to tend; set TEND_DAEMON_BIN");
  }
  // Only one CLI at a time may start a daemon for this home.
  const std::string lock_path = home_.start_lock_path();
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::FromErrno("cannot open " + lock_path, errno);
  while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
  }
  Status result = OpenExisting();  // someone may have started it while we waited
  // A daemon that is still exiting (after `kill`) holds the home a moment longer.
  for (int attempt = 0; attempt < 200 && !result.ok() && result.code() == Code::kUnavailable;
       ++attempt) {
    auto code = RunDaemonStarter(binary);
    if (!code.ok()) {
      result = code.status();
      break;
    }
    started_daemon_ = *code == 0;
    result = OpenExisting();
    if (!result.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ::close(fd);
  return result;
}

Status DaemonConnection::OpenForAction() {
  Status s = OpenExisting();
  if (s.ok() || s.code() != Code::kUnavailable) return s;
  if (::access(home_.state_path().c_str(), F_OK) != 0) return s;
  return StartDaemon();
}

Status DaemonConnection::Open() {
  Status s = OpenExisting();
  if (s.ok() || s.code() != Code::kUnavailable) return s;
  return StartDaemon();
}

namespace {

// A request the CLI built with a key its verb's row lacks is the CLI's bug: it fails here,
// in every test that sends it, rather than at a daemon that refuses it.
Status CheckArgs(const ipc::Verb& verb, const ipc::Args& args) {
  std::string unknown = ipc::FirstUnknownArg(verb, args.json());
  if (unknown.empty()) return Status::Ok();
  return Status::Internal("tend built '" + std::string(verb.wire) + "' with argument '" + unknown +
                          "', which its row in ipc/verbs.cc lacks");
}

}  // namespace

Result<nlohmann::json> DaemonConnection::Call(const ipc::Verb& verb, const ipc::Args& args,
                                              std::chrono::milliseconds timeout) {
  TEND_RETURN_IF_ERROR(CheckArgs(verb, args));
  TEND_RETURN_IF_ERROR(Open());
  return client_->Call(std::string(verb.wire), args.json(), timeout);
}

Result<std::string> DaemonConnection::CallForText(const ipc::Verb& verb, const ipc::Args& args,
                                                  std::chrono::milliseconds timeout) {
  TEND_RETURN_IF_ERROR(CheckArgs(verb, args));
  TEND_RETURN_IF_ERROR(Open());
  return client_->CallForText(std::string(verb.wire), args.json(), timeout);
}

Result<int64_t> DaemonConnection::Send(const ipc::Verb& verb, const ipc::Args& args) {
  TEND_RETURN_IF_ERROR(CheckArgs(verb, args));
  TEND_RETURN_IF_ERROR(Open());
  return client_->Send(std::string(verb.wire), args.json());
}

}  // namespace tend::cli

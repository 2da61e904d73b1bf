#include "config/ecosystem/js_evaluator.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <vector>

#include "config/app_resolve.h"
#include "config/ecosystem/js_runner_script.h"
#include "config/ecosystem/json_lite.h"

namespace tend::ecosystem {
namespace {

constexpr size_t kMaxOutputBytes = 64 << 20;

// Both ends of a pipe, closed on scope exit; numbered above 3 so that
// dup2(write_end, 3) in the child always clears close-on-exec.
struct OwnedPipe {
  int read_end = -1;
  int write_end = -1;
  ~OwnedPipe() {
    if (read_end >= 0) close(read_end);
    if (write_end >= 0) close(write_end);
  }
  Status Open() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return Status::FromErrno("pipe2", errno);
    read_end = fcntl(fds[0], F_DUPFD_CLOEXEC, 10);
    write_end = fcntl(fds[1], F_DUPFD_CLOEXEC, 10);
    close(fds[0]);
    close(fds[1]);
    if (read_end < 0 || write_end < 0) return Status::FromErrno("fcntl(F_DUPFD_CLOEXEC)", errno);
    return Status::Ok();
  }
};

Result<pid_t> SpawnNode(const std::string& node, const JsEvaluation& what, int fd3) {
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : what.env)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string arg0 = node, arg1 = "-e", arg2 = kJsRunnerScript, arg3 = what.path;
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), arg3.data(), nullptr};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, 2, 1);  // the config's prints go to our stderr
  posix_spawn_file_actions_adddup2(&actions, fd3, 3);
  if (!what.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, what.cwd.c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, node.c_str(), &actions, &attr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return Status::FromErrno("spawning " + node, rc);
  return pid;
}

// Reads fd until EOF or the deadline; false on timeout.
bool ReadUntilEof(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  char buf[65536];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return ready < 0;
    const ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > kMaxOutputBytes) return true;
  }
}

// Waits for the child, killing its group when it must not go on or when it
// lingers past the deadline after closing its result pipe.
void Reap(pid_t pid, bool kill_group, std::chrono::steady_clock::time_point deadline) {
  int status = 0;
  if (!kill_group) {
    while (std::chrono::steady_clock::now() < deadline) {
      const pid_t done = waitpid(pid, &status, WNOHANG);
      if (done == pid || (done < 0 && errno != EINTR)) return;
      const timespec pause{0, 5 * 1000 * 1000};
      nanosleep(&pause, nullptr);
    }
  }
  kill(-pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

void ClearLines(ConfigValue& value) {
  value.line = 0;
  value.key_line = 0;
  for (auto& item : value.items)
    ClearLines(item);
  for (auto& member : value.members)
    ClearLines(member.second);
}

}  // namespace

Result<ConfigValue> EvaluateJsConfig(const JsEvaluation& what) {
  const std::string node = FindExecutable("node", what.path_env, what.cwd);
  if (node.empty()) {
    return Status::NotFound("tend needs node to evaluate " + what.display_name +
                            ": node not found in PATH");
  }
  OwnedPipe pipe;
  TEND_RETURN_IF_ERROR(pipe.Open());
  auto pid = SpawnNode(node, what, pipe.write_end);
  if (!pid.ok()) return pid.status();
  close(pipe.write_end);
  pipe.write_end = -1;
  std::string output;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(what.timeout_ms);
  const bool finished = ReadUntilEof(pipe.read_end, deadline, output);
  Reap(*pid, !finished || output.size() > kMaxOutputBytes, deadline);
  if (!finished) {
    return Status::Timeout(what.display_name + ": node did not finish evaluating it within " +
                           std::to_string(what.timeout_ms) + " ms (killed)");
  }
  if (output.size() > kMaxOutputBytes) {
    return Status::InvalidArgument(what.display_name + ": its exports are larger than 64 MiB");
  }
  return DecodeJsRunnerOutput(output, what.display_name);
}

Result<ConfigValue> DecodeJsRunnerOutput(const std::string& output,
                                         const std::string& display_name) {
  const std::string prefix = display_name + ": ";
  if (output.empty()) {
    return Status::InvalidArgument(prefix + "node exited without returning the configuration");
  }
  auto doc = ParseJsonLite(output, display_name + " (node output)");
  if (!doc.ok()) return doc.status();
  if (const ConfigValue* error = doc->Find("error"); error != nullptr) {
    return Status::InvalidArgument(prefix + "evaluating it with node failed: " + error->text);
  }
  const ConfigValue* ok = doc->Find("ok");
  if (ok == nullptr) return Status::Internal(prefix + "unexpected output from the node runner");
  ConfigValue value = *ok;
  ClearLines(value);
  return value;
}

}  // namespace tend::ecosystem

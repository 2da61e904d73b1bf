#include "daemon/os/exec_spawn.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "daemon/os/process_umask.h"

namespace tend {
namespace {

// execvp's search path when the child's environment has no PATH (glibc's default).
constexpr const char* kDefaultPath = "/bin:/usr/bin";

// argv or envp for execve: pointers into `strings`, which must outlive them.
std::vector<char*> NullTerminated(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// What each child descriptor 0..n-1 is made from, as a source descriptor of ours (-1:
// /dev/null for 0-2, closed above). A source inside 0..n-1 would be overwritten by an
// earlier dup2, so it is first copied above n; the copies are closed when this goes.
class DescriptorPlan {
 public:
  explicit DescriptorPlan(const SpawnOptions& options) {
    sources_ = {options.stdin_fd, options.stdout_fd, options.stderr_fd};
    sources_.insert(sources_.end(), options.extra_fds.begin(), options.extra_fds.end());
    const int n = static_cast<int>(sources_.size());
    for (int i = 0; i < n; ++i) {
      int& fd = sources_[i];
      if (fd < 0 && i < 3) fd = DevNull();
      if (fd >= 0 && fd < n) fd = Own(::fcntl(fd, F_DUPFD_CLOEXEC, n));
    }
  }
  ~DescriptorPlan() {
    for (int fd : owned_)
      ::close(fd);
  }
  DescriptorPlan(const DescriptorPlan&) = delete;
  DescriptorPlan& operator=(const DescriptorPlan&) = delete;

  // dup2 clears close-on-exec on the copy, so exactly 0..n-1 cross the exec.
  int AddTo(posix_spawn_file_actions_t* actions) const {
    for (size_t i = 0; i < sources_.size(); ++i) {
      const int target = static_cast<int>(i);
      const int rc = sources_[i] >= 0
                         ? posix_spawn_file_actions_adddup2(actions, sources_[i], target)
                         : posix_spawn_file_actions_addclose(actions, target);
      if (rc != 0) return rc;
    }
    return 0;
  }

 private:
  int DevNull() {
    if (devnull_ < 0) devnull_ = Own(::open("/dev/null", O_RDWR | O_CLOEXEC));
    return devnull_;
  }
  int Own(int fd) {
    if (fd >= 0) owned_.push_back(fd);
    return fd;
  }
  std::vector<int> sources_;
  std::vector<int> owned_;
  int devnull_ = -1;
};

// The child's setup as posix_spawn applies it: a new session (its own process group, so
// a stop reaches the whole tree and a terminal's signals never do), every signal back to
// its default action and unblocked (the daemon ignores SIGPIPE; an app must not).
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawnattr_init(&attr_);
    posix_spawn_file_actions_init(&actions_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  int Prepare(const SpawnOptions& options, const DescriptorPlan& fds) {
    // Every bit, glibc's own signals 32 and 33 included: sigfillset leaves them out, and
    // posix_spawn then sets them to SIG_IGN, which would cross the exec into the app.
    sigset_t all, none;
    std::memset(&all, 0xff, sizeof all);
    sigemptyset(&none);
    int rc = posix_spawnattr_setflags(
        &attr_, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr_, &all);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attr_, &none);
    if (rc == 0) rc = fds.AddTo(&actions_);
    if (rc == 0 && !options.cwd.empty())
      rc = posix_spawn_file_actions_addchdir_np(&actions_, options.cwd.c_str());
    return rc;
  }
  int Run(pid_t* pid, const std::string& program, std::vector<std::string> args,
          std::vector<std::string>& env) {
    std::vector<char*> argv = NullTerminated(args);
    std::vector<char*> envp = NullTerminated(env);
    return posix_spawn(pid, program.c_str(), &actions_, &attr_, argv.data(), envp.data());
  }

 private:
  posix_spawnattr_t attr_;
  posix_spawn_file_actions_t actions_;
};

std::string PathOf(const SpawnOptions& options) {
  auto it = options.env.find("PATH");
  return it == options.env.end() ? kDefaultPath : it->second;
}

}  // namespace

std::string FindProgram(const std::string& name, const std::string& path_list) {
  if (name.find('/') != std::string::npos) return name;
  size_t begin = 0;
  while (begin <= path_list.size()) {
    size_t end = path_list.find(':', begin);
    if (end == std::string::npos) end = path_list.size();
    const std::string dir = path_list.substr(begin, end - begin);
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
    begin = end + 1;
  }
  return "";
}

Result<pid_t> SpawnProgram(const SpawnOptions& options) {
  const std::string program = FindProgram(options.argv[0], PathOf(options));
  if (program.empty()) return Status::FromErrno("cannot find " + options.argv[0], ENOENT);
  std::vector<std::string> env;
  env.reserve(options.env.size());
  for (const auto& [k, v] : options.env)
    env.push_back(k + "=" + v);
  const DescriptorPlan fds(options);
  SpawnSetup setup;
  if (int rc = setup.Prepare(options, fds); rc != 0) return Status::FromErrno("posix_spawn", rc);
  pid_t pid = 0;
  int rc = 0;
  {
    const ScopedChildUmask child_umask(options.umask);  // the child takes it at clone
    rc = setup.Run(&pid, program, options.argv, env);
    if (rc == ENOEXEC) {
      // A script with no #! line: run by the shell, as execvp (and so uv_spawn) did.
      std::vector<std::string> args = options.argv;
      args[0] = program;
      args.insert(args.begin(), "/bin/sh");
      rc = setup.Run(&pid, "/bin/sh", std::move(args), env);
    }
  }
  if (rc != 0) return Status::FromErrno("posix_spawn " + program, rc);
  return pid;
}

}  // namespace tend

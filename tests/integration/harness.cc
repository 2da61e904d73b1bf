#include "tests/integration/harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;

namespace tend::test {
namespace fs = std::filesystem;

std::string TendBinary() {
  return std::string(TEND_BIN_DIR) + "/cli/tend";
}
std::string TenddBinary() {
  return std::string(TEND_BIN_DIR) + "/daemon/tendd";
}
std::string SourceDir() {
  return TEND_SOURCE_DIR;
}

namespace {

std::vector<std::string> MergedEnv(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra)
    env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env)
    out.push_back(k + "=" + v);
  return out;
}

void DrainInto(int fd, std::string& sink, bool& open) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    sink.append(buf, static_cast<size_t>(n));
  } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
    open = false;
  }
}

}  // namespace

CmdResult RunProgram(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env,
                     std::chrono::milliseconds timeout, const std::string& cwd) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) return {};
  auto env_strings = MergedEnv(env);
  std::vector<char*> envp;
  for (auto& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  CmdResult r;
  bool out_open = true, err_open = true;
  const auto deadline = std::chrono::steady_clock::now() + Scaled(timeout);
  while (out_open || err_open) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      ADD_FAILURE() << "timed out: " << argv[0] << " " << (argv.size() > 1 ? argv[1] : "");
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) DrainInto(out_pipe[0], r.out, out_open);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) DrainInto(err_pipe[0], r.err, err_open);
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

namespace {

// Field 3 (state) and 5 (pgrp) of /proc/<pid>/stat; comm may hold spaces and ')'.
bool ReadStat(pid_t pid, char* state, pid_t* pgrp) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 2));
  pid_t ppid = 0;
  rest >> *state >> ppid >> *pgrp;
  return static_cast<bool>(rest);
}

}  // namespace

bool ProcessGone(pid_t pid) {
  if (pid <= 0) return true;
  if (::kill(pid, 0) != 0) return true;
  char state = '?';
  pid_t pgrp = 0;
  if (!ReadStat(pid, &state, &pgrp)) return true;
  if (state != 'Z' && state != 'X') return false;
  // A killed multi-threaded process shows its leader as a zombie while its other threads
  // are still exiting and still hold its files (a daemon's flock among them): it is gone
  // only when every thread is.
  std::error_code ec;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& entry : fs::directory_iterator(tasks, ec)) {
    std::ifstream in(entry.path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;
    const auto close = line.rfind(')');
    if (close == std::string::npos || close + 2 >= line.size()) continue;
    const char task_state = line[close + 2];
    if (task_state != 'Z' && task_state != 'X') return false;
  }
  return true;
}

std::vector<pid_t> GroupMembers(pid_t pgid) {
  std::vector<pid_t> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    const pid_t pid = std::atoi(name.c_str());
    char state = '?';
    pid_t pgrp = 0;
    if (ReadStat(pid, &state, &pgrp) && pgrp == pgid && state != 'Z' && state != 'X') {
      out.push_back(pid);
    }
  }
  return out;
}

TendHome::TendHome() : path_(dir_.path()) {
  if (path_.empty()) return;
  fs::create_directories(ScratchDir());
  fs::create_directories(path_ + "/sanitizer");
}

std::map<std::string, std::string> TendHome::Env() const {
  std::map<std::string, std::string> env{{"TEND_HOME", path_ + "/home"}, {"NO_COLOR", "1"}};
  // A daemonized tendd has no stderr: sanitizer reports go to files we check.
  env["ASAN_OPTIONS"] = "log_path=" + path_ + "/sanitizer/asan:detect_leaks=1";
  env["UBSAN_OPTIONS"] = "log_path=" + path_ + "/sanitizer/ubsan:print_stacktrace=1";
  return env;
}

CmdResult TendHome::Tend(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& extra_env,
                         const std::string& cwd) {
  std::vector<std::string> argv{TendBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto env = Env();
  for (const auto& [k, v] : extra_env)
    env[k] = v;
  return RunProgram(argv, env, std::chrono::seconds(60), cwd.empty() ? ScratchDir() : cwd);
}

nlohmann::json TendHome::List() {
  auto r = Tend({"ls", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_array()) << r.out;
  return j.is_array() ? j : nlohmann::json::array();
}

nlohmann::json TendHome::Process(int id) {
  for (const auto& p : List()) {
    if (p["pm_id"] == id) return p;
  }
  return nullptr;
}

pid_t TendHome::DaemonPid() const {
  std::ifstream in(path_ + "/home/tendd.pid");
  pid_t pid = 0;
  in >> pid;
  return pid;
}

std::string TendHome::WriteFile(const std::string& name, const std::string& content) {
  const std::string p = ScratchDir() + "/" + name;
  std::ofstream(p) << content;
  return p;
}

std::string TendHome::WriteScript(const std::string& name, const std::string& content) {
  const std::string p = WriteFile(name, content);
  ::chmod(p.c_str(), 0755);
  return p;
}

void TendHome::CheckSanitizerReports() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(path_ + "/sanitizer", ec)) {
    ADD_FAILURE() << "sanitizer report " << entry.path() << ":\n"
                  << ReadWholeFile(entry.path().string());
  }
}

TendHome::~TendHome() {
  if (path_.empty()) return;
  const pid_t daemon = DaemonPid();
  if (daemon > 0 && !ProcessGone(daemon)) {
    Tend({"kill"});
    if (!WaitFor([&] { return ProcessGone(daemon); }, std::chrono::seconds(15))) {
      ADD_FAILURE() << "tendd " << daemon << " survived `tend kill`";
      ::kill(daemon, SIGKILL);
    }
  }
  for (pid_t pid : tracked_) {
    if (!ProcessGone(pid)) ::kill(pid, SIGKILL);
  }
  StopFdHolder();
  CheckSanitizerReports();
}

// The fd holder leaves by itself on `tend kill`; after a test that killed its daemon it
// may still hold pipes for a next daemon that will not come.
void TendHome::StopFdHolder() {
  const std::string text = ReadWholeFile(path_ + "/home/run/fdholder.pid");
  const pid_t holder = static_cast<pid_t>(std::atoi(text.c_str()));
  if (holder <= 0 || ProcessGone(holder)) return;
  if (WaitFor([&] { return ProcessGone(holder); }, std::chrono::seconds(2))) return;
  std::string comm = ReadWholeFile("/proc/" + std::to_string(holder) + "/comm");
  if (comm.rfind("tend-fdholder", 0) == 0) ::kill(holder, SIGKILL);
}

}  // namespace tend::test

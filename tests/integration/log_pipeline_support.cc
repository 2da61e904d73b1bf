#include "tests/integration/log_pipeline_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "tests/integration/harness.h"

extern char** environ;

namespace tend::test {
namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Rotated files of `path` (docs/logs.md: <stem>__<time>_<seq>.<ext>[.gz][.tmp]), sorted by name.
std::vector<std::string> RotatedEntries(const std::string& path) {
  const fs::path p(path);
  const std::string prefix = p.stem().string() + "__";
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(p.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::string ReadWithRotations(const std::string& path, int* rotated_files) {
  std::string all;
  int count = 0;
  for (const std::string& file : RotatedEntries(path)) {
    if (EndsWith(file, ".tmp")) continue;
    ++count;
    if (EndsWith(file, ".gz")) {
      all += RunProgram({"/bin/gzip", "-dc", file}).out;
    } else {
      all += ReadWholeFile(file);
    }
  }
  if (rotated_files != nullptr) *rotated_files = count;
  return all + ReadWholeFile(path);
}

bool CompressionPending(const std::string& path) {
  for (const std::string& file : RotatedEntries(path)) {
    if (!EndsWith(file, ".gz")) return true;
  }
  return false;
}

std::string FirstDifference(const std::string& actual, const std::string& expected) {
  const auto a = SplitLines(actual), e = SplitLines(expected);
  for (size_t i = 0; i < std::max(a.size(), e.size()); ++i) {
    const std::string got = i < a.size() ? a[i] : "<end>";
    const std::string want = i < e.size() ? e[i] : "<end>";
    if (got != want) {
      return "line " + std::to_string(i + 1) + ": got '" + got.substr(0, 120) + "', want '" +
             want.substr(0, 120) + "' (" + std::to_string(a.size()) + " lines, want " +
             std::to_string(e.size()) + ")";
    }
  }
  return "same lines; sizes " + std::to_string(actual.size()) + " and " +
         std::to_string(expected.size());
}

BackgroundProgram::BackgroundProgram(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& env) {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return;
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv(*e);
    if (env.count(kv.substr(0, kv.find('='))) == 0) env_strings.push_back(kv);
  }
  for (const auto& [k, v] : env)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  for (const auto& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out_pipe[1], 1);
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 2);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  out_fd_ = out_pipe[0];
  ::fcntl(out_fd_, F_SETFL, O_NONBLOCK);
}

BackgroundProgram::~BackgroundProgram() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
}

const std::string& BackgroundProgram::Output() {
  char buf[65536];
  for (;;) {
    const ssize_t n = out_fd_ < 0 ? -1 : ::read(out_fd_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<size_t>(n));
  }
  return output_;
}

}  // namespace tend::test

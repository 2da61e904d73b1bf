#pragma once
// The integration harness: a private TEND_HOME in a temp dir, the real `tend`
// and `tendd` binaries, and teardown that stops by pid whatever was started,
// removes the dir, and fails the test if a sanitizer wrote a report.

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/slowdown.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_lines.h"
#include "tests/support/wait_for.h"

namespace tend::test {

struct CmdResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program with extra environment, capturing both streams; killed (and the test
// failed) after Scaled(`timeout`).
CmdResult RunProgram(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(60),
                     const std::string& cwd = "");

// A pid counts as gone when it does not exist or is a zombie.
bool ProcessGone(pid_t pid);
// Pids of every live process whose process group is `pgid`.
std::vector<pid_t> GroupMembers(pid_t pgid);

// ReadWholeFile and ReadFileLines come from tests/support/text_lines.h.

std::string TendBinary();
std::string TenddBinary();
std::string SourceDir();

class TendHome {
 public:
  TendHome();
  ~TendHome();
  TendHome(const TendHome&) = delete;
  TendHome& operator=(const TendHome&) = delete;

  const std::string& path() const { return path_; }
  // Runs `tend args...` against this home.
  CmdResult Tend(const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& extra_env = {},
                 const std::string& cwd = "");
  // `tend ls --json`, parsed (fails the test on error).
  nlohmann::json List();
  // The process with this id from the list; null json when absent.
  nlohmann::json Process(int id);
  pid_t DaemonPid() const;
  // Writes a file under the home's scratch dir and returns its path; WriteScript makes
  // it executable too.
  std::string WriteFile(const std::string& name, const std::string& content);
  std::string WriteScript(const std::string& name, const std::string& content);
  std::string ScratchDir() const { return path_ + "/scratch"; }
  std::map<std::string, std::string> Env() const;
  // Remembers a pid to kill at teardown if a test leaves it behind.
  void Track(pid_t pid) { tracked_.push_back(pid); }

 private:
  void CheckSanitizerReports();
  void StopFdHolder();
  TempDir dir_{"tend-it"};  // destroyed last, after the daemon and the tracked pids
  std::string path_;
  std::vector<pid_t> tracked_;
};

}  // namespace tend::test

#include "tests/integration/tmux_pane.h"

#include <chrono>

#include "tests/integration/harness.h"
#include "tests/support/wait_for.h"

namespace tend::test {

std::vector<std::string> TmuxPane::Tmux(std::vector<std::string> args) const {
  args.insert(args.begin(), {"/usr/bin/tmux", "-S", socket_});
  return args;
}

TmuxPane::TmuxPane(const std::string& dir, int columns, int rows, const std::string& command,
                   const std::map<std::string, std::string>& env)
    : socket_(dir + "/tmux.sock") {
  std::string shell_env;
  for (const auto& [k, v] : env)
    shell_env += k + "='" + v + "' ";
  // `; sleep` keeps the pane after the program ends, so a test sees what it left.
  const std::string line = "env " + shell_env + command + "; echo \"exited $?\"; sleep 600";
  auto r = RunProgram(
      Tmux({"new-session", "-d", "-x", std::to_string(columns), "-y", std::to_string(rows), line}),
      {{"TERM", "xterm-256color"}}, std::chrono::seconds(10));
  started_ = r.exit_code == 0;
}

TmuxPane::~TmuxPane() {
  RunProgram(Tmux({"kill-server"}), {}, std::chrono::seconds(10));
}

void TmuxPane::Keys(const std::vector<std::string>& keys, bool literal) {
  std::vector<std::string> args = {"send-keys"};
  if (literal) args.push_back("-l");
  args.insert(args.end(), keys.begin(), keys.end());
  RunProgram(Tmux(args), {}, std::chrono::seconds(10));
}

std::string TmuxPane::Capture(bool escapes) {
  std::vector<std::string> args = {"capture-pane", "-p"};
  if (escapes) args.push_back("-e");
  return RunProgram(Tmux(args), {}, std::chrono::seconds(10)).out;
}

bool TmuxPane::WaitForText(const std::string& text, std::string* screen) {
  std::string last;
  const bool found = WaitFor(
      [&] {
        last = Capture();
        return last.find(text) != std::string::npos;
      },
      std::chrono::seconds(10), std::chrono::milliseconds(100));
  if (screen != nullptr) *screen = last;
  return found;
}

}  // namespace tend::test

#pragma once
// A terminal for a full-screen program under test: a private tmux server (its own socket
// in the test's dir, so no other tmux is touched) running one command in a pane of a
// given size. Keys go in with send-keys, the screen comes out with capture-pane. The
// server is killed with the object.

#include <map>
#include <string>
#include <vector>

namespace tend::test {

class TmuxPane {
 public:
  TmuxPane(const std::string& dir, int columns, int rows, const std::string& command,
           const std::map<std::string, std::string>& env);
  ~TmuxPane();
  TmuxPane(const TmuxPane&) = delete;
  TmuxPane& operator=(const TmuxPane&) = delete;

  bool started() const { return started_; }
  // tmux key names ("Down", "PPage", "Enter", "q") or literal text with `literal`.
  void Keys(const std::vector<std::string>& keys, bool literal = false);
  // The screen's text; with `escapes`, its colours and attributes as escape sequences.
  std::string Capture(bool escapes = false);
  // Waits (scaled by the build) until the screen holds `text`; the last screen on failure.
  bool WaitForText(const std::string& text, std::string* screen = nullptr);

 private:
  std::vector<std::string> Tmux(std::vector<std::string> args) const;
  std::string socket_;
  bool started_ = false;
};

}  // namespace tend::test

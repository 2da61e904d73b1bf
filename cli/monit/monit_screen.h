#pragma once
// MonitScreen: `tend monit` on the terminal, through ncursesw. It owns the terminal between
// Open and Close (the destructor closes too), so every way out, including a signal that
// ends the loop, gives the terminal back as it was. Meanwhile stderr goes to /dev/null: a
// line written there (a daemon started on a reconnect says so) would scroll the screen
// under ncurses' feet.

#include <string>

#include "cli/monit/monit_model.h"

namespace tend::cli {

// What the keys have set, beside the model: the log pane, its scroll, the bottom line.
struct MonitUi {
  bool show_log = true;
  int log_scroll = 0;   // lines back from the newest; 0 follows
  std::string prompt;   // the bottom line when asking (filter, confirmation)
  std::string message;  // the bottom line otherwise ("" shows the keys)
  bool help = false;
  bool readonly = false;
  bool connected = true;
};

class MonitScreen {
 public:
  MonitScreen() = default;
  ~MonitScreen() { Close(); }
  MonitScreen(const MonitScreen&) = delete;
  MonitScreen& operator=(const MonitScreen&) = delete;

  void Open();
  void Close();
  void Draw(const MonitModel& model, const MonitUi& ui);
  // The next key, or -1 when none is waiting (never blocks).
  int ReadKey();
  int rows() const;
  int columns() const;

 private:
  int DrawProcesses(const MonitModel& model, int top, int height);
  void DrawLog(const MonitModel& model, const MonitUi& ui, int top, int height);
  void DrawHelp();
  bool open_ = false;
  int saved_stderr_ = -1;
  bool color_ = false;
  bool utf8_ = false;
};

}  // namespace tend::cli

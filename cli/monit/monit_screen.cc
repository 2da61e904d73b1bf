#include "cli/monit/monit_screen.h"

#include <fcntl.h>
#include <langinfo.h>
#include <ncurses.h>
#include <unistd.h>

#include <algorithm>
#include <clocale>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <string>

#include "cli/monit/monit_view.h"

namespace tend::cli {
namespace {

enum Pair { kOnline = 1, kStopped, kErrored, kLaunching, kHeader, kSelected };

short PairOf(const std::string& status) {
  if (status == "online") return kOnline;
  if (status == "errored") return kErrored;
  if (status == "launching" || status == "stopping" || status == "waiting restart")
    return kLaunching;
  return kStopped;
}

// One screen line, cut at the screen's width: a longer one would wrap onto the next line
// (a 60-column terminal showed half of each row under it). Cut in characters, not bytes, so
// no UTF-8 sequence (a sparkline block, ↺) is split; each of ours is one column wide.
void Line(int y, const std::string& text) {
  std::wstring wide(text.size() + 1, L'\0');
  const size_t n = std::mbstowcs(wide.data(), text.c_str(), wide.size());
  if (n == static_cast<size_t>(-1)) {  // not valid in this locale: bytes, cut as bytes
    mvaddnstr(y, 0, text.c_str(), std::min(static_cast<int>(text.size()), COLS));
  } else {
    mvaddnwstr(y, 0, wide.c_str(), std::min(static_cast<int>(n), COLS));
  }
  clrtoeol();
}

const char* const kHelp[] = {
    "tend monit keys",
    "",
    "  up/down, j/k       select a process        PgUp/PgDn, End   scroll the log, follow",
    "  /                  filter by name or namespace (Enter keeps, Esc clears)",
    "  P M N U I          sort by cpu, memory, name, restarts, id",
    "  r  R  s  S         restart, reload, stop, start the selected process (asks first)",
    "  +  -               scale its app up or down by one",
    "  l                  log pane on or off     ?  this help     q, Esc, Ctrl-C  quit",
    "",
    "  any key closes this help",
};

}  // namespace

void MonitScreen::Open() {
  if (open_) return;
  saved_stderr_ = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (const int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC); devnull >= 0) {
    ::dup2(devnull, STDERR_FILENO);
    ::close(devnull);
  }
  std::setlocale(LC_ALL, "");
  utf8_ = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
  setenv("ESCDELAY", "25", 0);  // Esc quits at once, not after ncurses' 1 s
  initscr();
  cbreak();
  noecho();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  curs_set(0);
  const char* no_color = std::getenv("NO_COLOR");
  color_ = has_colors() && (no_color == nullptr || *no_color == '\0');
  if (color_) {
    start_color();
    use_default_colors();
    init_pair(kOnline, COLOR_GREEN, -1);
    init_pair(kStopped, COLOR_WHITE, -1);
    init_pair(kErrored, COLOR_RED, -1);
    init_pair(kLaunching, COLOR_YELLOW, -1);
    init_pair(kHeader, COLOR_BLACK, COLOR_CYAN);
    init_pair(kSelected, COLOR_BLACK, COLOR_WHITE);
  }
  open_ = true;
}

void MonitScreen::Close() {
  if (!open_) return;
  endwin();
  if (saved_stderr_ >= 0) {
    ::dup2(saved_stderr_, STDERR_FILENO);
    ::close(saved_stderr_);
    saved_stderr_ = -1;
  }
  open_ = false;
}

int MonitScreen::rows() const {
  return LINES;
}
int MonitScreen::columns() const {
  return COLS;
}

int MonitScreen::ReadKey() {
  const int key = getch();
  return key == ERR ? -1 : key;
}

void MonitScreen::Draw(const MonitModel& model, const MonitUi& ui) {
  erase();
  if (ui.help) return DrawHelp();
  int y = 0;
  for (const std::string& line : HostLines(model.host(), COLS))
    Line(y++, line);
  const int bottom = LINES - 1;
  const int space = bottom - y - 2;  // the details line, and the log pane's title
  const int table_height = ui.show_log ? std::max(3, space / 2) : space;
  y = DrawProcesses(model, y, table_height);
  if (const MonitProcess* selected = model.Selected(); selected != nullptr && y < bottom) {
    Line(y++, DetailsLine(*selected));
  }
  if (ui.show_log) DrawLog(model, ui, y, bottom - y);
  std::string status = !ui.prompt.empty()    ? ui.prompt
                       : !ui.message.empty() ? ui.message
                       : !ui.connected
                           ? "lost the daemon; retrying every second (q quits)"
                           : "? help  / filter  P M N sort  r R s S act  l logs  q quit";
  if (ui.readonly && ui.prompt.empty() && ui.message.empty()) status += "  (read-only)";
  if (!model.filter().empty() && ui.prompt.empty()) status += "  filter: " + model.filter();
  if (color_) attron(A_REVERSE);
  Line(bottom, status);
  if (color_) attroff(A_REVERSE);
  refresh();
}

int MonitScreen::DrawProcesses(const MonitModel& model, int top, int height) {
  if (color_) attron(COLOR_PAIR(kHeader));
  Line(top, TableHeader(COLS));
  if (color_) attroff(COLOR_PAIR(kHeader));
  const auto rows = model.Visible();
  const MonitProcess* selected = model.Selected();
  int at = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] == selected) at = static_cast<int>(i);
  }
  const int shown = std::max(1, height - 1);
  // The selection stays in view: the window scrolls only when it would leave it.
  const int first = std::max(0, std::min(at - shown + 1, static_cast<int>(rows.size()) - shown));
  int y = top + 1;
  for (int i = std::max(0, first); i < static_cast<int>(rows.size()) && y < top + height;
       ++i, ++y) {
    const MonitProcess& p = *rows[static_cast<size_t>(i)];
    const int attr = &p == selected ? (color_ ? COLOR_PAIR(kSelected) : A_REVERSE)
                                    : (color_ ? COLOR_PAIR(PairOf(p.status)) : A_NORMAL);
    attron(attr);
    Line(y, ProcessRow(p, model.now_ms(), COLS, utf8_));
    attroff(attr);
  }
  if (rows.empty()) Line(y++, model.filter().empty() ? "  no process" : "  no process matches");
  return top + height;
}

void MonitScreen::DrawLog(const MonitModel& model, const MonitUi& ui, int top, int height) {
  if (height < 2) return;
  const MonitProcess* p = model.Selected();
  std::string title =
      p == nullptr ? "logs" : "logs of " + p->name + " (id " + std::to_string(p->id) + ")";
  title += ui.log_scroll > 0
               ? "  [paused: " + std::to_string(ui.log_scroll) + " lines back, End follows]"
               : "  [following]";
  if (color_) attron(COLOR_PAIR(kHeader));
  Line(top, title);
  if (color_) attroff(COLOR_PAIR(kHeader));
  const auto& lines = model.log_lines();
  const int shown = height - 1;
  const int end =
      static_cast<int>(lines.size()) - std::min(ui.log_scroll, static_cast<int>(lines.size()));
  const int begin = std::max(0, end - shown);
  int y = top + 1;
  for (int i = begin; i < end; ++i)
    Line(y++, LogEventText(lines[static_cast<size_t>(i)]));
}

void MonitScreen::DrawHelp() {
  int y = 1;
  for (const char* line : kHelp)
    Line(y++, line);
  refresh();
}

}  // namespace tend::cli

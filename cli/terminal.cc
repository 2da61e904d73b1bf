#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace tend::cli {
namespace {

// nullptr when the variable is unset.
const char* Env(const char* name) {
  return std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read once at startup.
}

int ColumnsFromEnv() {
  const char* value = Env("COLUMNS");
  if (value == nullptr) return 0;
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  if (end == value || *end != '\0' || n <= 0 || n > 100000) return 0;
  return static_cast<int>(n);
}

int DetectColumns(int fd, bool is_tty) {
  struct winsize ws {};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (int from_env = ColumnsFromEnv(); from_env > 0) return from_env;
  return is_tty ? 80 : kUnlimitedColumns;
}

bool DetectColor(bool is_tty) {
  if (const char* force = Env("FORCE_COLOR"); force != nullptr) {
    const std::string_view f(force);
    if (f == "0" || f == "false") return false;
    if (!f.empty()) return true;
  }
  if (!is_tty) return false;
  if (const char* no_color = Env("NO_COLOR"); no_color != nullptr && *no_color != '\0') {
    return false;
  }
  if (const char* term = Env("TERM"); term != nullptr && std::string_view(term) == "dumb") {
    return false;
  }
  return true;
}

}  // namespace

TerminalInfo DetectTerminal(int fd) {
  TerminalInfo info;
  info.is_tty = isatty(fd) == 1;
  info.columns = DetectColumns(fd, info.is_tty);
  info.color = DetectColor(info.is_tty);
  return info;
}

}  // namespace tend::cli

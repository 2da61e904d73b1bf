#include "config/signal_names.h"

#include <signal.h>

#include <algorithm>
#include <cctype>

#include "config/control_chars.h"

namespace tend {
namespace {
struct SignalSpelling {
  int number;
  std::string_view name;
};
constexpr SignalSpelling kSignals[] = {
    {SIGHUP, "SIGHUP"},       {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},   {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"},     {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},     {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"},     {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"},   {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"},     {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},   {SIGCHLD, "SIGCHLD"},
    {SIGCONT, "SIGCONT"},     {SIGSTOP, "SIGSTOP"}, {SIGTSTP, "SIGTSTP"},   {SIGTTIN, "SIGTTIN"},
    {SIGTTOU, "SIGTTOU"},     {SIGURG, "SIGURG"},   {SIGXCPU, "SIGXCPU"},   {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"}, {SIGWINCH, "SIGWINCH"}, {SIGIO, "SIGIO"},
    {SIGPWR, "SIGPWR"},       {SIGSYS, "SIGSYS"},
};
}  // namespace

Result<int> ParseSignal(std::string_view text) {
  std::string upper;
  for (char c : text)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!upper.empty() && std::all_of(upper.begin(), upper.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    const int n = std::stoi(upper.size() > 3 ? "0" : upper);
    if (n > 0 && n < NSIG) return n;
  } else {
    if (upper.rfind("SIG", 0) != 0) upper = "SIG" + upper;
    for (const auto& s : kSignals) {
      if (s.name == upper) return s.number;
    }
  }
  // Quoted cut and escaped: the daemon answers a client's `signal` with this message.
  return Status::InvalidArgument("unknown signal " + QuoteForMessage(text) +
                                 " (use a name such as SIGTERM, SIGINT, SIGUSR2, or a number)");
}

std::string SignalName(int signum) {
  for (const auto& s : kSignals) {
    if (s.number == signum) return std::string(s.name);
  }
  return "SIG" + std::to_string(signum);
}

}  // namespace tend

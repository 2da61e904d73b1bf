// tend-fdholder: keeps descriptors for the next daemon, as s6-fdholder does. The daemon
// starts it with a listening SOCK_SEQPACKET socket as fd 3 and leaves it copies of the
// read ends of every app's output pipes. When the daemon dies, the pipes stay open here:
// the apps keep writing (into the pipe buffer, then they block; nothing is lost), and
// the next daemon takes the descriptors back and reads on. Deliberately tiny: one poll
// loop, one client at a time, a map from key to descriptors, no allocation per byte, no
// parsing beyond a verb and a key; nothing here can be slow or wrong in interesting ways.
//
// On connection it says "holder <pid>". Verbs (one message each; see docs/architecture.md,
// "The fd holder"):
//   keep <key> + fds   hold copies of fds under key (replacing what it held)
//   release <key>      close and forget
//   list               answer "held <key>" + fds for each entry, then "end"
//   quit               close everything and exit (the daemon stops cleanly)
// With no client, a pipe whose writers all closed and that holds no byte is let go; the
// holder exits once it holds nothing and no client is connected.
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "daemon/holder/fd_passing.h"

namespace {

using tend::FdMessage;

constexpr int kListenFd = 3;
constexpr size_t kMaxEntries = 1 << 16;
// A holder no daemon ever connected to (it died as it started us) leaves after this.
constexpr int kMaxIdleSeconds = 10;

std::map<std::string, std::vector<int>> held;
// Hung-up pipes that still hold bytes, kept for the next daemon and no longer polled
// (a hung-up pipe would wake poll at once, forever).
std::set<std::string> parked;

void Forget(const std::string& key) {
  auto it = held.find(key);
  if (it == held.end()) return;
  for (int fd : it->second)
    ::close(fd);
  held.erase(it);
  parked.erase(key);
}

void CloseAll() {
  for (auto& [key, fds] : held)
    for (int fd : fds)
      ::close(fd);
  held.clear();
  parked.clear();
}

// Serves one message; false when the client must be dropped or the holder must exit.
bool Serve(int client, FdMessage& message, bool* quit) {
  const std::string& text = message.text;
  const auto space = text.find(' ');
  const std::string verb = text.substr(0, space);
  const std::string key = space == std::string::npos ? "" : text.substr(space + 1);
  if (verb == "keep" && !key.empty() && (held.count(key) != 0 || held.size() < kMaxEntries)) {
    Forget(key);
    held[key] = std::move(message.fds);
    message.fds.clear();
    return true;
  }
  tend::CloseFds(message);
  if (verb == "release" && !key.empty()) {
    Forget(key);
    return true;
  }
  if (verb == "list") {
    for (const auto& [k, fds] : held)
      if (!tend::SendFdMessage(client, "held " + k, fds).ok()) return false;
    return tend::SendFdMessage(client, "end").ok();
  }
  if (verb == "quit") {
    *quit = true;
    return false;
  }
  return false;  // anything else is not our daemon talking
}

bool SameUser(int client) {
  ucred cred{};
  socklen_t len = sizeof cred;
  return ::getsockopt(client, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.uid == ::getuid();
}

// With no client: lets go of pipes nobody writes to any more and that hold nothing.
// The entries polled, in the order their descriptors follow the first two pollfds.
std::vector<std::string> PolledKeys(std::vector<pollfd>& polled) {
  std::vector<std::string> keys;
  for (const auto& [key, fds] : held) {
    if (parked.count(key) != 0) continue;
    keys.push_back(key);
    for (int fd : fds)
      polled.push_back({fd, 0, 0});  // POLLHUP is reported whatever is asked
  }
  return keys;
}

// With no client: lets go of pipes nobody writes to any more and that hold nothing;
// those that hold bytes are parked for the next daemon.
void SettleHungUpPipes(const std::vector<pollfd>& polled, const std::vector<std::string>& keys) {
  size_t i = 2;
  for (const auto& key : keys) {
    bool all_hung = true, any_bytes = false;
    for (int fd : held[key]) {
      int bytes = 0;
      all_hung = all_hung && (polled[i++].revents & (POLLHUP | POLLERR)) != 0;
      any_bytes = any_bytes || ::ioctl(fd, FIONREAD, &bytes) != 0 || bytes > 0;
    }
    if (!all_hung) continue;
    if (any_bytes) {
      parked.insert(key);
    } else {
      Forget(key);
    }
  }
}

void RaiseFdLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  (void)::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

int main() {
  // Nothing but our socket: a descriptor inherited by mistake (the write end of an app's
  // pipe) would keep that pipe from ever hanging up.
  ::close_range(kListenFd + 1, ~0U, 0);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  RaiseFdLimit();
  int client = -1;
  bool ever_connected = false;
  int idle_seconds = 0;
  for (;;) {
    if (client < 0 && held.empty() && (ever_connected || idle_seconds >= kMaxIdleSeconds)) {
      return 0;
    }
    std::vector<pollfd> polled = {{kListenFd, POLLIN, 0}, {client, POLLIN, 0}};
    // Only with no client do hung-up pipes matter: a daemon drains and releases its own.
    const std::vector<std::string> keys =
        client < 0 ? PolledKeys(polled) : std::vector<std::string>{};
    const int ready = ::poll(polled.data(), polled.size(), client < 0 ? 1000 : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (ready == 0) ++idle_seconds;
    // What the current client sent comes first: a new client replaces it, and its
    // last messages (a keep just before it died) must not be lost.
    if (client >= 0 && (polled[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      auto message = tend::ReceiveFdMessage(client);
      bool quit = false;
      if (!message.ok() || !Serve(client, *message, &quit)) {
        ::close(client);
        client = -1;
        if (quit) {
          CloseAll();
          return 0;
        }
      }
      continue;
    }
    if ((polled[0].revents & POLLIN) != 0) {
      const int next = ::accept4(kListenFd, nullptr, nullptr, SOCK_CLOEXEC);
      if (next >= 0 && SameUser(next)) {
        if (client >= 0) ::close(client);  // a new daemon: the old one is gone
        client = next;
        if (!tend::SendFdMessage(client, "holder " + std::to_string(::getpid())).ok()) {
          ::close(client);
          client = -1;
          continue;
        }
        parked.clear();  // the new daemon decides about every entry
        ever_connected = true;
        continue;
      }
      if (next >= 0) ::close(next);
    }
    if (client < 0) SettleHungUpPipes(polled, keys);
  }
}

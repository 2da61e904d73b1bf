#pragma once
// FdKeeper: where the daemon leaves copies of the descriptors that must outlive it (the
// read ends of every app's output pipes), so a daemon that crashes loses no pipe: the
// apps keep writing, and the next daemon takes the descriptors back. The real keeper is
// the fd holder (daemon/holder/); without one, nothing is kept.

#include <string>
#include <vector>

namespace tend {

class FdKeeper {
 public:
  virtual ~FdKeeper() = default;
  // Keeps copies of `fds` under `key` (replacing what the key held). The caller keeps its
  // own descriptors; failures are logged by the keeper, never fatal to the caller.
  virtual void Keep(const std::string& key, const std::vector<int>& fds) = 0;
  // Closes and forgets what `key` holds (the pipes were drained and closed).
  virtual void Release(const std::string& key) = 0;
};

// What a keeper held under one key, taken back by a new daemon.
struct HeldFds {
  std::string key;
  std::vector<int> fds;  // owned by whoever took them
};

// The key of one launch's output pipes: pm_id, instance and pid name it for the next
// daemon, which adopts the process only with its pipes.
std::string OutputKey(int pm_id, int instance, int pid);
// Parses an OutputKey; false for any other text.
bool ParseOutputKey(const std::string& key, int* pm_id, int* instance, int* pid);

// The key of a listening socket the daemon holds for `app` at `address`: its `listen`
// option's (requested = false) or one its Node servers asked for (requested = true).
// Newlines separate the parts: neither names nor addresses may hold one.
std::string ListenKey(bool requested, const std::string& app, const std::string& address);
bool ParseListenKey(const std::string& key, bool* requested, std::string* app,
                    std::string* address);

}  // namespace tend

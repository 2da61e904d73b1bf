#pragma once
// FdHolderClient: the daemon's side of the fd holder (tend-fdholder, fd_holder_main.cc).
// At start it connects to the holder a crashed daemon left (and takes back what that one
// kept) or starts a new one; then it keeps a copy of every app's output pipes there, so
// the next daemon finds them if this one dies. Messages are tiny and the holder answers
// at once, so the calls block, with a timeout a wedged holder cannot exceed.

#include <sys/types.h>

#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/os/fd_keeper.h"

namespace tend {

class FdHolderClient : public FdKeeper {
 public:
  // Not connected: keeps nothing until Connect succeeds.
  FdHolderClient() = default;
  // Connects to the holder serving `socket_path`, starting `holder_program` there when
  // none answers (`started` says which).
  Status Connect(const std::string& socket_path, const std::string& holder_program);
  ~FdHolderClient() override;
  FdHolderClient(const FdHolderClient&) = delete;
  FdHolderClient& operator=(const FdHolderClient&) = delete;

  bool connected() const { return socket_ >= 0; }
  bool started() const { return started_; }
  pid_t holder_pid() const { return holder_pid_; }
  // Every entry the holder keeps (they stay kept: Release what is not wanted).
  Result<std::vector<HeldFds>> List();
  void Keep(const std::string& key, const std::vector<int>& fds) override;
  void Release(const std::string& key) override;
  // A clean stop: the holder closes everything and exits; later calls keep nothing.
  void Quit();

 private:
  void Send(const std::string& text, const std::vector<int>& fds);

  int socket_ = -1;
  bool started_ = false;
  bool broken_ = false;  // a failed send was logged; later ones are skipped
  pid_t holder_pid_ = 0;
};

}  // namespace tend

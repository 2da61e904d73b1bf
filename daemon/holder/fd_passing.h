#pragma once
// Messages with descriptors over a Unix SOCK_SEQPACKET socket: the fd holder's wire. A
// message is one short text (a verb and a key) and up to kMaxFds descriptors
// (SCM_RIGHTS); the socket keeps message boundaries, so no framing is needed. Received
// descriptors are close-on-exec. The verbs are in docs/architecture.md ("The fd holder").

#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

constexpr size_t kMaxFdMessageText = 512;
constexpr size_t kMaxFds = 4;

struct FdMessage {
  std::string text;
  std::vector<int> fds;  // owned by the receiver
};

// Sends `text` (at most kMaxFdMessageText bytes) with copies of `fds`.
Status SendFdMessage(int socket, const std::string& text, const std::vector<int>& fds = {});
// The next message; kNotFound at end of stream (the peer closed). A message with more
// text or descriptors than allowed is an error (its descriptors are closed).
Result<FdMessage> ReceiveFdMessage(int socket);
// Closes every descriptor of `message`.
void CloseFds(FdMessage& message);

}  // namespace tend

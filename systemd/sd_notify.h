#pragma once
// SdNotify: the sd_notify(3) datagram protocol, so `tendd --no-daemon` can run
// as a Type=notify unit. A no-op (Ok) when NOTIFY_SOCKET is unset.

#include <string_view>

#include "config/status.h"

namespace tend {

// Sends `state` (e.g. "READY=1\nSTATUS=...") to $NOTIFY_SOCKET, path or abstract (@).
Status SdNotify(std::string_view state);

}  // namespace tend

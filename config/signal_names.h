#pragma once
// Signal names as users write them ("SIGINT", "INT", "sigterm", "15").

#include <string>
#include <string_view>

#include "config/status.h"

namespace tend {

Result<int> ParseSignal(std::string_view text);
// "SIGTERM"; "SIG<n>" for a number without a name.
std::string SignalName(int signum);

}  // namespace tend

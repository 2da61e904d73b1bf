#pragma once
// Time sources of tend: wall time for what users read (created/started
// at), monotonic time for durations (uptime, restart policy).

#include <chrono>
#include <cstdint>

namespace tend {

inline int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline int64_t MonoMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace tend

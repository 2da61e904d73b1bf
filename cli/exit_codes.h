#pragma once
// The CLI's exit codes, documented in docs/cli.md.

namespace tend::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNo = 1;      // not found, not running, refused, failed request
inline constexpr int kExitUsage = 2;   // bad flags or arguments
inline constexpr int kExitSystem = 3;  // daemon unreachable, cannot start, OS failure

}  // namespace tend::cli

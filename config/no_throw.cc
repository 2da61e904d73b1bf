#include "config/no_throw.h"

#include <spdlog/spdlog.h>

namespace tend {

void LogEscapedException(const char* what, const char* reason) noexcept {
  try {
    spdlog::error("{} threw: {}", what, reason);
  } catch (...) {
    // Logging itself failed (no memory): there is nobody left to tell.
  }
}

}  // namespace tend

#pragma once
// Reading small /proc files cheaply: one open, usually one read into a
// caller-owned buffer, one close; no streams, no allocation when the buffer is
// reused. Meant for seq_file-backed /proc files (and plain files in tests).
// A process that is gone (ENOENT, ESRCH) is NotFound, never an I/O error,
// because the metrics sampler races with exits all the time.

#include <string>

#include "config/status.h"

namespace tend {

// Replaces `out` with the whole content of `path` (up to `max_bytes`).
Status ReadProcFile(const std::string& path, std::string& out, size_t max_bytes = 1 << 20);

}  // namespace tend

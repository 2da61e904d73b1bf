#pragma once
// Reading small /proc files cheaply: no streams, usually one read() into a
// caller-owned buffer, and for the processes sampled every second, files kept
// open between samples. A process that is gone (ENOENT, ESRCH) is NotFound,
// never an I/O error, because the sampler races with exits all the time.

#include <sys/types.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "config/status.h"

namespace tend {

// Replaces `out` with the content of `path` (up to `max_bytes`): open, read, close.
Status ReadProcFile(const std::string& path, std::string& out, size_t max_bytes = 1 << 20);

// /proc/<pid>/<leaf> files of the sampled processes, kept open across samples
// and re-read with pread at offset 0, which makes a seq_file produce fresh
// content: one system call per read instead of three. An open file stays bound
// to the process it was opened for, so a reused pid reads as ESRCH and the file
// is reopened for the new process. At most `max_open` files are held (each is a
// daemon fd); reads past that open and close as ReadProcFile does.
class ProcFileCache {
 public:
  // max_open 0: never keep a file open.
  ProcFileCache(std::string proc_root, size_t max_open);
  ~ProcFileCache();
  ProcFileCache(const ProcFileCache&) = delete;
  ProcFileCache& operator=(const ProcFileCache&) = delete;

  const std::string& proc_root() const { return proc_root_; }

  // Replaces `out` with <proc_root>/<pid>/<leaf>.
  Status Read(pid_t pid, std::string_view leaf, std::string& out);
  // Closes the files not read since the previous Sweep: processes that are
  // gone or no longer sampled. Call once per sample.
  void Sweep();
  size_t open_files() const { return files_.size(); }

 private:
  struct OpenFile {
    int fd;
    bool read_since_sweep;
  };
  std::string Path(pid_t pid, std::string_view leaf) const;

  std::string proc_root_;
  size_t max_open_;
  std::unordered_map<std::string, OpenFile> files_;  // by path
};

// A cap on cached /proc files for this process: a quarter of the soft
// RLIMIT_NOFILE, at most 1024, so sampling never starves spawning of fds.
size_t DefaultProcFileCacheSize();

}  // namespace tend

#include "daemon/proc_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tend {
namespace {

Status ProcError(const std::string& path, int errno_value) {
  if (errno_value == ENOENT || errno_value == ESRCH)
    return Status::NotFound(path + ": no such process");
  return Status::FromErrno(path, errno_value);
}

}  // namespace

Status ReadProcFile(const std::string& path, std::string& out, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ProcError(path, errno);
  out.clear();
  // /proc files report size 0, so grow in steps; most fit in the first read.
  constexpr size_t kStep = 4096;
  for (;;) {
    size_t old_size = out.size();
    if (old_size >= max_bytes) break;
    out.resize(old_size + kStep);
    ssize_t n = ::read(fd, out.data() + old_size, kStep);
    if (n < 0) {
      if (errno == EINTR) {
        out.resize(old_size);
        continue;
      }
      int saved = errno;
      ::close(fd);
      out.clear();
      return ProcError(path, saved);
    }
    out.resize(old_size + static_cast<size_t>(n));
    // seq_file fills a read with whole records until it is full or the records
    // run out; every record of the files read here is far below half a step,
    // so a read under half full is the end, and the extra read() is saved.
    if (static_cast<size_t>(n) < kStep / 2) break;
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace tend

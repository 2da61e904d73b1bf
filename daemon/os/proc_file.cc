#include "daemon/os/proc_file.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace tend {
namespace {

Status ProcError(const std::string& path, int errno_value) {
  if (errno_value == ENOENT || errno_value == ESRCH) {
    return Status::NotFound(path + ": no such process");
  }
  return Status::FromErrno(path, errno_value);
}

// Reads `fd` from offset 0 into `out`; returns the errno of a failed read, or 0.
int ReadFromStart(int fd, std::string& out, size_t max_bytes) {
  out.clear();
  // /proc files report size 0, so grow in steps; most fit in the first read.
  constexpr size_t kStep = 4096;
  while (out.size() < max_bytes) {
    size_t old_size = out.size();
    out.resize(old_size + kStep);
    ssize_t n = ::pread(fd, out.data() + old_size, kStep, static_cast<off_t>(old_size));
    if (n < 0) {
      out.resize(old_size);
      if (errno == EINTR) continue;
      int saved = errno;
      out.clear();
      return saved;
    }
    out.resize(old_size + static_cast<size_t>(n));
    // seq_file fills a read with whole records until it is full or the records
    // run out; every record of the files read here is far below half a step,
    // so a read under half full is the end, and the extra read() is saved.
    if (static_cast<size_t>(n) < kStep / 2) break;
  }
  return 0;
}

}  // namespace

Status ReadProcFile(const std::string& path, std::string& out, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ProcError(path, errno);
  int error = ReadFromStart(fd, out, max_bytes);
  ::close(fd);
  return error == 0 ? Status::Ok() : ProcError(path, error);
}

ProcFileCache::ProcFileCache(std::string proc_root, size_t max_open)
    : proc_root_(std::move(proc_root)), max_open_(max_open) {}

ProcFileCache::~ProcFileCache() {
  for (const auto& [path, file] : files_)
    ::close(file.fd);
}

std::string ProcFileCache::Path(pid_t pid, std::string_view leaf) const {
  std::string path = proc_root_;
  path += '/';
  path += std::to_string(pid);
  path += '/';
  path += leaf;
  return path;
}

Status ProcFileCache::Read(pid_t pid, std::string_view leaf, std::string& out) {
  constexpr size_t kMaxBytes = 1 << 20;
  std::string path = Path(pid, leaf);
  auto it = files_.find(path);
  if (it != files_.end()) {
    if (ReadFromStart(it->second.fd, out, kMaxBytes) == 0) {
      it->second.read_since_sweep = true;
      return Status::Ok();
    }
    // Its process is gone; the pid may already name another one: reopen.
    ::close(it->second.fd);
    files_.erase(it);
  }
  if (files_.size() >= max_open_) return ReadProcFile(path, out, kMaxBytes);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ProcError(path, errno);
  int error = ReadFromStart(fd, out, kMaxBytes);
  if (error != 0) {
    ::close(fd);
    return ProcError(path, error);
  }
  files_.emplace(std::move(path), OpenFile{fd, true});
  return Status::Ok();
}

void ProcFileCache::Sweep() {
  for (auto it = files_.begin(); it != files_.end();) {
    if (!it->second.read_since_sweep) {
      ::close(it->second.fd);
      it = files_.erase(it);
    } else {
      it->second.read_since_sweep = false;
      ++it;
    }
  }
}

size_t DefaultProcFileCacheSize() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 256;
  return std::min<size_t>(limit.rlim_cur / 4, 1024);
}

}  // namespace tend

#include "daemon/logs/log_rotation.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <memory>

#include "daemon/logs/log_format.h"

namespace tend {
namespace {

struct SplitPath {
  std::string dir;   // with trailing '/'
  std::string stem;  // file name without its last extension
  std::string ext;   // ".log", or "" when the name has none
};

SplitPath Split(const std::string& path) {
  SplitPath out;
  const size_t slash = path.rfind('/');
  out.dir = slash == std::string::npos ? "./" : path.substr(0, slash + 1);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) {
    out.stem = name;
  } else {
    out.stem = name.substr(0, dot);
    out.ext = name.substr(dot);
  }
  return out;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Status CheckRotateInterval(const std::string& interval) {
  if (interval.empty() || interval == "hourly" || interval == "daily") return Status::Ok();
  return Status::InvalidArgument("log_rotate_interval must be \"hourly\" or \"daily\", not \"" +
                                 interval + "\"");
}

std::string RotatedName(const std::string& path, int64_t unix_ms, uint64_t sequence) {
  const SplitPath p = Split(path);
  return fmt::format("{}{}__{}_{:04}{}", p.dir, p.stem,
                     FormatDate("YYYY-MM-DD_HH-mm-ss-SSS", unix_ms, /*utc=*/true), sequence, p.ext);
}

int64_t RotationPeriod(const std::string& interval, int64_t unix_ms) {
  if (interval.empty()) return 0;
  const std::time_t when = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&when, &tm);
  const int64_t day = (tm.tm_year + 1900) * 10000LL + (tm.tm_mon + 1) * 100 + tm.tm_mday;
  return interval == "hourly" ? day * 100 + tm.tm_hour : day;
}

int64_t MillisToNextHour(int64_t unix_ms) {
  const std::time_t when = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  localtime_r(&when, &tm);
  const int64_t into_hour = (tm.tm_min * 60LL + tm.tm_sec) * 1000 + unix_ms % 1000;
  return 3600 * 1000 - into_hour + 50;  // a little after, so the period has changed
}

Result<std::string> RenameToRotated(const std::string& path, int64_t unix_ms, uint64_t* sequence) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    const std::string target = RotatedName(path, unix_ms, ++*sequence);
    // RENAME_NOREPLACE: an existing rotated file (clock went back, a restart in
    // the same millisecond) is never overwritten.
    if (renameat2(AT_FDCWD, path.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
      return target;
    }
    if (errno != EEXIST) return Status::FromErrno("rename " + path + " to " + target, errno);
  }
  return Status::Io("rename " + path + ": no free rotated name");
}

Status GzipAndRemove(const std::string& rotated) {
  const int in = open(rotated.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return Status::FromErrno("open " + rotated, errno);
  const std::string temp = rotated + ".gz.tmp";
  // The .gz gets the log's own mode, whatever the umask (gzopen would take 0666 & ~umask).
  struct stat st {};
  const mode_t mode = fstat(in, &st) == 0 ? (st.st_mode & 0777) : 0600;
  ::unlink(temp.c_str());  // a leftover of a crash mid-compression
  const int out_fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  gzFile out = out_fd >= 0 && fchmod(out_fd, mode) == 0 ? gzdopen(out_fd, "wb") : nullptr;
  if (out == nullptr) {
    const int err = errno;
    if (out_fd >= 0) close(out_fd);
    close(in);
    return Status::FromErrno("create " + temp, err);
  }
  std::unique_ptr<char[]> buffer(new char[128 * 1024]);
  bool ok = true;
  ssize_t n;
  while ((n = read(in, buffer.get(), 128 * 1024)) > 0) {
    if (gzwrite(out, buffer.get(), static_cast<unsigned>(n)) != n) ok = false;
  }
  if (n < 0) ok = false;
  close(in);
  if (gzclose(out) != Z_OK) ok = false;
  if (!ok || rename(temp.c_str(), (rotated + ".gz").c_str()) != 0) {
    unlink(temp.c_str());
    return Status::Io("gzip " + rotated + " failed; kept uncompressed");
  }
  if (unlink(rotated.c_str()) != 0) return Status::FromErrno("unlink " + rotated, errno);
  return Status::Ok();
}

std::vector<std::string> ListRotated(const std::string& path) {
  const SplitPath p = Split(path);
  std::vector<std::string> names;
  DIR* dir = opendir(p.dir.c_str());
  if (dir == nullptr) return names;
  const std::string prefix = p.stem + "__";
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    if (EndsWith(name, p.ext) || EndsWith(name, p.ext + ".gz")) names.push_back(p.dir + name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());  // the names sort by time, then sequence
  return names;
}

Status PruneRotated(const std::string& path, int retain) {
  std::vector<std::string> rotated = ListRotated(path);
  Status status;
  for (size_t i = 0; i + static_cast<size_t>(retain) < rotated.size(); ++i) {
    if (unlink(rotated[i].c_str()) != 0 && errno != ENOENT) {
      status = Status::FromErrno("unlink " + rotated[i], errno);
    }
  }
  return status;
}

}  // namespace tend

#include "config/file_trust.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace tend {
namespace {

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string KindOf(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  return "not a regular file";
}

}  // namespace

Status CheckTrustedMode(const struct stat& st, const std::string& path, const std::string& what,
                        uid_t owner) {
  if (st.st_uid != owner) {
    return Status::PermissionDenied(
        what + " " + path + " belongs to uid " + std::to_string(st.st_uid) + ", not to uid " +
        std::to_string(owner) + " that runs tend: another user could have written it; remove it " +
        "(or, if you trust it, 'chown " + std::to_string(owner) + " " + path + "')");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return Status::PermissionDenied(what + " " + path +
                                    " is writable by its group or others (mode " +
                                    OctalMode(st.st_mode) + "); run 'chmod go-w " + path + "'");
  }
  return Status::Ok();
}

Status CheckTrustedDir(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::Ok();
    return Status::FromErrno("cannot stat " + what + " " + path, errno);
  }
  return CheckTrustedMode(st, path, what, ::geteuid());
}

bool IsUntrustedFile(const Status& s) {
  return s.code() == Code::kPermissionDenied && s.os_error() == 0;
}

namespace {

// The fd when `path` is a regular file and `check` (given its stat) passes; else closed.
template <typename Check>
Result<int> OpenChecked(const std::string& path, const std::string& what, Check check) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ELOOP) {
      return Status::InvalidArgument(what + " " + path +
                                     " is a symbolic link; tend reads only a regular file there: "
                                     "replace the link by the file");
    }
    return Status::FromErrno("cannot open " + what + " " + path, err);
  }
  struct stat st {};
  Status checked;
  if (::fstat(fd, &st) != 0) {
    checked = Status::FromErrno("cannot stat " + what + " " + path, errno);
  } else if (!S_ISREG(st.st_mode)) {
    checked = Status::InvalidArgument(what + " " + path + " is " + KindOf(st.st_mode) +
                                      "; tend reads only a regular file there: remove it");
  } else {
    checked = check(st);
  }
  if (!checked.ok()) {
    ::close(fd);
    return checked;
  }
  return fd;
}

}  // namespace

Result<int> OpenRegularFile(const std::string& path, const std::string& what) {
  return OpenChecked(path, what, [](const struct stat&) { return Status::Ok(); });
}

Result<int> OpenTrustedFile(const std::string& path, const std::string& what) {
  return OpenChecked(path, what, [&](const struct stat& st) {
    return CheckTrustedMode(st, path, what, ::geteuid());
  });
}

Result<std::string> ReadTrustedFile(const std::string& path, const std::string& what) {
  auto fd = OpenTrustedFile(path, what);
  if (!fd.ok()) return fd.status();
  std::string out;
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(*fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(*fd);
      return Status::FromErrno("cannot read " + what + " " + path, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(*fd);
  return out;
}

}  // namespace tend

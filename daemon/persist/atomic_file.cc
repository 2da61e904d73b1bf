#include "daemon/persist/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include "daemon/os/proc_stat.h"

namespace tend {
namespace {

constexpr std::string_view kTempInfix = ".tmp-";

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Closes the descriptor on every path out of a function.
class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::FromErrno("cannot write " + path, errno);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status FsyncDirectory(const std::string& dir) {
  ScopedFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return Status::FromErrno("cannot open directory " + dir, errno);
  if (::fsync(fd.get()) != 0) return Status::FromErrno("cannot fsync directory " + dir, errno);
  return Status::Ok();
}

// A temp file "<base>.tmp-<pid>" whose writer is gone is the leftover of an
// interrupted write: it never replaced anything, so it is safe to remove.
bool IsStaleTemp(const std::string& entry, const std::string& base) {
  const std::string prefix = base + std::string(kTempInfix);
  if (entry.size() <= prefix.size() || entry.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string digits = entry.substr(prefix.size());
  if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) {
    return false;
  }
  const pid_t writer = static_cast<pid_t>(std::strtol(digits.c_str(), nullptr, 10));
  if (writer == ::getpid()) return true;  // ours, from an earlier failed attempt
  if (::kill(writer, 0) != 0) return errno == ESRCH;
  // A writer that died but was never reaped (a PID 1 that does not reap, as in
  // many containers) is a zombie: it will never finish its write either.
  auto st = ReadProcStatOnly(kProcRoot, writer);
  return st.ok() && IsDeadState(st->state);
}

void RemoveStaleTemps(const std::string& dir, const std::string& base) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (IsStaleTemp(name, base)) ::unlink((dir + "/" + name).c_str());
  }
  ::closedir(d);
}

// `step` names its crash points: "<prefix>:after-<step>temp-write", "...:after-<step>fsync".
Status WriteDurableTemp(const std::string& temp, std::string_view contents,
                        const AtomicWriteOptions& opts, const std::string& step) {
  ScopedFd fd(
      ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, opts.mode));
  if (fd.get() < 0) return Status::FromErrno("cannot create " + temp, errno);
  if (::fchmod(fd.get(), opts.mode) != 0) return Status::FromErrno("cannot chmod " + temp, errno);
  TEND_RETURN_IF_ERROR(WriteAll(fd.get(), contents, temp));
  CrashPointForTest(opts.crash_point_prefix + ":after-" + step + "temp-write");
  if (::fsync(fd.get()) != 0) return Status::FromErrno("cannot fsync " + temp, errno);
  CrashPointForTest(opts.crash_point_prefix + ":after-" + step + "fsync");
  return Status::Ok();
}

}  // namespace

std::string BackupPathFor(const std::string& path) {
  return path + ".bak";
}

void CrashPointForTest(std::string_view point) {
  const char* wanted = std::getenv("TEND_TEST_CRASH_AT");
  if (wanted != nullptr && point == wanted) ::_exit(77);
}

// A failed step removes the temp files it made. A failure before the first
// rename leaves both files as they were; after it, <path> is new and .bak old.
Status WriteFileAtomically(const std::string& path, std::string_view contents,
                           const AtomicWriteOptions& opts) {
  const std::string dir = DirectoryOf(path);
  const std::string bak = BackupPathFor(path);
  RemoveStaleTemps(dir, BaseNameOf(path));
  if (opts.keep_backup) RemoveStaleTemps(dir, BaseNameOf(bak));
  const std::string suffix = std::string(kTempInfix) + std::to_string(::getpid());
  const std::string temp = path + suffix;
  const std::string bak_temp = opts.keep_backup ? bak + suffix : "";
  auto fail = [&](Status s) {
    ::unlink(temp.c_str());
    if (!bak_temp.empty()) ::unlink(bak_temp.c_str());
    return s;
  };
  if (Status s = WriteDurableTemp(temp, contents, opts, ""); !s.ok()) return fail(s);
  // The backup is a copy of the new contents, not a link: damage to one file
  // (an editor, a truncation, a bad sector) leaves the other whole.
  if (opts.keep_backup) {
    if (Status s = WriteDurableTemp(bak_temp, contents, opts, "bak-"); !s.ok()) return fail(s);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return fail(Status::FromErrno("cannot rename " + temp + " to " + path, errno));
  }
  CrashPointForTest(opts.crash_point_prefix + ":after-rename");
  if (opts.keep_backup) {
    if (::rename(bak_temp.c_str(), bak.c_str()) != 0) {
      return fail(Status::FromErrno("cannot rename " + bak_temp + " to " + bak, errno));
    }
    CrashPointForTest(opts.crash_point_prefix + ":after-bak");
  }
  return FsyncDirectory(dir);
}

}  // namespace tend

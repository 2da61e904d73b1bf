#include "daemon/main/home_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "config/file_trust.h"

namespace tend {

Result<HomeLock> HomeLock::Acquire(const HomeLayout& home) {
  const std::string path = home.lock_path();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::FromErrno("cannot open " + path, errno);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      // Read without blocking: only the holder's number, for the message.
      auto pid_text = ReadTrustedFile(home.pid_path(), "pid file");
      std::string holder = pid_text.ok() ? pid_text->substr(0, pid_text->find('\n')) : "?";
      return Status::AlreadyExists("a daemon (pid " + holder + ") already serves " + home.root());
    }
    return Status::FromErrno("cannot lock " + path, err);
  }
  return HomeLock(fd, home.pid_path());
}

HomeLock::~HomeLock() {
  if (fd_ < 0) return;
  ::unlink(pid_path_.c_str());
  ::close(fd_);
}

Status HomeLock::WritePidFile() const {
  const std::string tmp = pid_path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << ::getpid() << "\n";
    if (!out) return Status::Io("cannot write " + tmp);
  }
  if (::rename(tmp.c_str(), pid_path_.c_str()) != 0) {
    return Status::FromErrno("cannot rename " + tmp, errno);
  }
  return Status::Ok();
}

}  // namespace tend

#include "daemon/os/proc_user.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "daemon/os/proc_stat.h"

namespace tend {

std::string UserNameOf(uid_t uid) {
  long suggested = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(suggested > 0 ? static_cast<size_t>(suggested) : 1024);
  for (;;) {
    passwd entry{};
    passwd* found = nullptr;
    int rc = ::getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < (1u << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc == 0 && found != nullptr && found->pw_name != nullptr) return found->pw_name;
    return std::to_string(uid);
  }
}

Result<uid_t> ProcessUid(pid_t pid) {
  std::string path = std::string(kProcRoot) + '/' + std::to_string(pid);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such process");
    return Status::FromErrno(path, errno);
  }
  return info.st_uid;
}

Result<std::string> ProcessUserName(pid_t pid) {
  Result<uid_t> uid = ProcessUid(pid);
  if (!uid.ok()) return uid.status();
  return UserNameOf(*uid);
}

}  // namespace tend

#include "config/home_layout.h"

#include <pwd.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>

#include "config/file_trust.h"

namespace tend {
namespace {

Status MakeDir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) == 0) return Status::Ok();
  if (errno != EEXIST) return Status::FromErrno("cannot create " + path, errno);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::FromErrno("cannot stat " + path, errno);
  if (!S_ISDIR(st.st_mode)) return Status::InvalidArgument(path + " exists and is not a directory");
  return Status::Ok();
}

std::string Absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[PATH_MAX];
  if (::getcwd(buf, sizeof buf) == nullptr) return path;
  return std::string(buf) + "/" + path;
}

}  // namespace

size_t MaxSocketPathLength() {
  return sizeof(sockaddr_un::sun_path) - 1;
}

Result<HomeLayout> HomeLayout::FromEnvironment() {
  if (const char* home = std::getenv("TEND_HOME"); home != nullptr && *home != '\0') {
    return At(home);
  }
  std::string user_home;
  if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    user_home = h;
  } else if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_dir != nullptr) {
    user_home = pw->pw_dir;
  } else {
    return Status::NotFound("cannot find a home folder: set TEND_HOME or HOME");
  }
  return At(user_home + "/.tend");
}

Result<HomeLayout> HomeLayout::At(std::string root) {
  if (root.empty()) return Status::InvalidArgument("TEND_HOME is empty");
  root = Absolute(root);
  while (root.size() > 1 && root.back() == '/')
    root.pop_back();
  return HomeLayout(std::move(root));
}

Status HomeLayout::Ensure() const {
  TEND_RETURN_IF_ERROR(MakeDir(root_, 0700));
  // Whoever may write the home may replace the dump the daemon runs commands from.
  TEND_RETURN_IF_ERROR(CheckTrustedDir(root_, "home"));
  if (::access(root_.c_str(), W_OK | X_OK) != 0) {
    return Status::FromErrno("home " + root_ + " is not writable", errno);
  }
  TEND_RETURN_IF_ERROR(MakeDir(logs_dir(), 0700));
  TEND_RETURN_IF_ERROR(MakeDir(pids_dir(), 0700));
  TEND_RETURN_IF_ERROR(MakeDir(run_dir(), 0700));
  return Status::Ok();
}

Status HomeLayout::EnsureLogsDir() const {
  return MakeDir(logs_dir(), 0700);
}

Status HomeLayout::CheckSocketPath() const {
  const std::string path = socket_path();
  if (path.size() > MaxSocketPathLength()) {
    return Status::InvalidArgument("socket path " + path + " is " + std::to_string(path.size()) +
                                   " bytes long; a Unix socket path may have at most " +
                                   std::to_string(MaxSocketPathLength()) +
                                   ": choose a shorter TEND_HOME");
  }
  return Status::Ok();
}

Status CheckSafeName(std::string_view what, std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (name.empty()) return Status::InvalidArgument(std::string(what) + " must not be empty");
  if (name == "." || name == "..") {
    return Status::InvalidArgument(std::string(what) + " " + quoted + " is not allowed");
  }
  if (name.find('/') != std::string_view::npos || name.find("..") != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(what) + " " + quoted +
                                   " must not contain '/', '..' or NUL");
  }
  return Status::Ok();
}

}  // namespace tend

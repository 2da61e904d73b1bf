#include "daemon/os/app_cgroups.h"

#include <dirent.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "daemon/os/proc_file.h"
#include "daemon/os/proc_tree.h"

namespace tend {
namespace {

constexpr const char* kAppPrefix = "app-";

Status WriteText(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("cannot open " + path, errno);
  const ssize_t n = ::write(fd, text.data(), text.size());
  const int err = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) {
    return Status::FromErrno("cannot write " + text + " to " + path, err);
  }
  return Status::Ok();
}

Status MakeDir(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) return Status::Ok();
  return Status::FromErrno("cannot make cgroup " + path, errno);
}

}  // namespace

std::string HomeCgroupName(const std::string& home_root) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across builds, unlike std::hash
  for (unsigned char c : home_root) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string("tend-") + hex;
}

Result<std::unique_ptr<AppCgroups>> AppCgroups::Create(const std::string& home_root,
                                                       const std::string& proc_root) {
  const std::string own = ReadOwnCgroups(proc_root + "/self/cgroup").v2;
  if (own.empty()) return Status::NotFound("this process is in no cgroup v2");
  const CgroupMount mount = FindCgroupCpuMounts(proc_root + "/self/mountinfo").v2;
  const std::string parent = CgroupDir(mount, own);
  if (parent.empty()) return Status::NotFound("cgroup2 is not mounted");
  // Moving a child out of our cgroup needs write access to its cgroup.procs (the common
  // ancestor's, as the kernel's delegation rules say).
  if (::access((parent + "/cgroup.procs").c_str(), W_OK) != 0) {
    return Status::FromErrno("cannot move processes out of " + parent, errno);
  }
  const std::string name = HomeCgroupName(home_root);
  TEND_RETURN_IF_ERROR(MakeDir(parent + "/" + name));
  return std::unique_ptr<AppCgroups>(new AppCgroups(mount, parent + "/" + name, name, proc_root));
}

std::string AppCgroups::AppDir(int pm_id) const {
  auto it = adopted_dirs_.find(pm_id);
  if (it != adopted_dirs_.end()) return it->second;
  return dir_ + "/" + kAppPrefix + std::to_string(pm_id);
}

Status AppCgroups::Place(int pm_id, pid_t pid) {
  adopted_dirs_.erase(pm_id);  // a new run: in this daemon's cgroup of the app
  const std::string app = AppDir(pm_id);
  TEND_RETURN_IF_ERROR(MakeDir(app));
  return WriteText(app + "/cgroup.procs", std::to_string(pid));
}

void AppCgroups::Adopt(int pm_id, pid_t pid) {
  const std::string path = ReadOwnCgroups(proc_root_ + "/" + std::to_string(pid) + "/cgroup").v2;
  const std::string tail = "/" + home_name_ + "/" + kAppPrefix + std::to_string(pm_id);
  if (path.size() >= tail.size() &&
      path.compare(path.size() - tail.size(), tail.size(), tail) == 0) {
    adopted_dirs_[pm_id] = CgroupDir(mount_, path);
    return;
  }
  if (Status s = Place(pm_id, pid); !s.ok()) {
    spdlog::warn("cgroup of pm_id {}: {}", pm_id, s.message());
  }
}

std::vector<pid_t> AppCgroups::Members(int pm_id) const {
  std::vector<pid_t> pids;
  std::string text;
  if (ReadProcFile(AppDir(pm_id) + "/cgroup.procs", text).ok()) ParsePidList(text, pids);
  return pids;
}

void AppCgroups::Forget(int pm_id) {
  ::rmdir(AppDir(pm_id).c_str());
  adopted_dirs_.erase(pm_id);
}

void AppCgroups::RemoveAll() {
  // Only empty cgroups can go; one whose processes still run is left, and no error.
  std::vector<std::string> dirs;
  if (DIR* d = ::opendir(dir_.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      if (std::string(e->d_name).rfind(kAppPrefix, 0) == 0) dirs.push_back(dir_ + "/" + e->d_name);
    }
    ::closedir(d);
  }
  for (const auto& d : dirs)
    ::rmdir(d.c_str());
  // A crashed daemon's cgroups of the apps this one adopted, and their home folder.
  for (const auto& [id, path] : adopted_dirs_) {
    ::rmdir(path.c_str());
    ::rmdir(path.substr(0, path.rfind('/')).c_str());
  }
  ::rmdir(dir_.c_str());
}

}  // namespace tend

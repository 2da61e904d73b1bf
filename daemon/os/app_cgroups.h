#pragma once
// AppCgroups: one cgroup (v2) per app under the daemon's own, as systemd gives one to each
// service, where the daemon may make them (root, or a delegated subtree). A process cannot
// leave its cgroup by setsid() or double fork, so its members are every process of the app.
// No controller is enabled: it tracks processes, it does not limit them.

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/cgroup_mounts.h"
#include "config/status.h"

namespace tend {

// The folder name of a home's cgroup: "tend-" and 16 hex digits of a hash of its root.
std::string HomeCgroupName(const std::string& home_root);

class AppCgroups {
 public:
  // The home's folder under this process's cgroup, made if need be; an error says why
  // there is none (no cgroup2, not ours to write), and the daemon tracks without it.
  static Result<std::unique_ptr<AppCgroups>> Create(const std::string& home_root,
                                                    const std::string& proc_root = "/proc");
  const std::string& dir() const { return dir_; }

  // Moves `pid` into the cgroup of app `pm_id`, made if need be.
  Status Place(int pm_id, pid_t pid);
  // A process a previous daemon started: its cgroup, when it is one of this home's apps'
  // (under another daemon's cgroup, maybe), is that app's from now on; else it is placed.
  void Adopt(int pm_id, pid_t pid);
  // The processes in app `pm_id`'s cgroup.
  std::vector<pid_t> Members(int pm_id) const;
  // Removes the cgroup of `pm_id` once it is empty (a deleted app).
  void Forget(int pm_id);
  // Removes every empty cgroup this daemon made, and the home's folder (a clean exit).
  void RemoveAll();

 private:
  AppCgroups(CgroupMount mount, std::string dir, std::string home_name, std::string proc_root)
      : mount_(std::move(mount)),
        dir_(std::move(dir)),
        home_name_(std::move(home_name)),
        proc_root_(std::move(proc_root)) {}
  std::string AppDir(int pm_id) const;

  CgroupMount mount_;  // where cgroup2 is mounted
  std::string dir_;    // the home's folder: <mount><the daemon's cgroup>/<home_name_>
  std::string home_name_;
  std::string proc_root_;
  std::map<int, std::string> adopted_dirs_;  // pm_id -> a previous daemon's cgroup of it
};

}  // namespace tend

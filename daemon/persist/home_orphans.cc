#include "daemon/persist/home_orphans.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include "daemon/os/child_marks.h"
#include "daemon/os/proc_stat.h"

namespace tend {

std::vector<SurvivorRecord> FindChildrenOfHome(const std::string& proc_root,
                                               const std::string& home_root) {
  std::vector<SurvivorRecord> found;
  for (const LiveChild& child : FindLiveChildrenOfHome(proc_root, home_root))
    found.push_back({child.pid, child.pid, child.start_time_ticks});
  return found;
}

std::vector<LiveChild> FindLiveChildrenOfHome(const std::string& proc_root,
                                              const std::string& home_root) {
  std::vector<LiveChild> found;
  DIR* dir = ::opendir(proc_root.c_str());
  if (dir == nullptr) return found;
  const pid_t self = ::getpid();
  const pid_t own_group = ::getpgrp();
  while (const dirent* e = ::readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    const pid_t pid = static_cast<pid_t>(std::strtol(e->d_name, nullptr, 10));
    if (pid == self || pid == own_group) continue;
    auto st = ReadProcStatOnly(proc_root, pid);
    // A child leads the group setsid() gave it; its helpers do not.
    if (!st.ok() || st->pgrp != pid || IsDeadState(st->state)) continue;
    ChildMarks marks;
    if (!ReadChildMarks(proc_root, pid, home_root, &marks)) continue;
    LiveChild child;
    child.pm_id = marks.pm_id;
    child.instance = marks.instance;
    child.pid = pid;
    child.ppid = st->ppid;
    child.start_time_ticks = st->start_time_ticks;
    found.push_back(child);
  }
  ::closedir(dir);
  return found;
}

}  // namespace tend

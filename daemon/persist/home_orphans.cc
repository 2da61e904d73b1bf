#include "daemon/persist/home_orphans.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

#include "daemon/os/proc_file.h"
#include "daemon/os/proc_stat.h"

namespace tend {
namespace {

// Whether a NUL-separated environment block holds every mark of a child of
// the daemon serving `home_root`.
bool HasMarksOfHome(std::string_view environ, const std::string& home_root) {
  const std::string home_entry = "TEND_HOME=" + home_root;
  bool home = false, id = false, instance = false;
  while (!environ.empty()) {
    const size_t end = environ.find('\0');
    const std::string_view entry = environ.substr(0, end);
    home = home || entry == home_entry;
    id = id || entry.rfind("pm_id=", 0) == 0;
    instance = instance || entry.rfind("TEND_INSTANCE=", 0) == 0;
    if (end == std::string_view::npos) break;
    environ.remove_prefix(end + 1);
  }
  return home && id && instance;
}

}  // namespace

std::vector<SurvivorRecord> FindChildrenOfHome(const std::string& proc_root,
                                               const std::string& home_root) {
  std::vector<SurvivorRecord> found;
  DIR* dir = ::opendir(proc_root.c_str());
  if (dir == nullptr) return found;
  const pid_t self = ::getpid();
  const pid_t own_group = ::getpgrp();
  std::string environ;
  while (const dirent* e = ::readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    const pid_t pid = static_cast<pid_t>(std::strtol(e->d_name, nullptr, 10));
    if (pid == self || pid == own_group) continue;
    auto st = ReadProcStatOnly(proc_root, pid);
    // A child leads the group setsid() gave it; its helpers do not.
    if (!st.ok() || st->pgrp != pid || IsDeadState(st->state)) continue;
    const std::string path = proc_root + "/" + std::to_string(pid) + "/environ";
    if (!ReadProcFile(path, environ).ok() || !HasMarksOfHome(environ, home_root)) continue;
    found.push_back({pid, pid, st->start_time_ticks});
  }
  ::closedir(dir);
  return found;
}

}  // namespace tend

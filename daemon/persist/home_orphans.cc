#include "daemon/persist/home_orphans.h"

#include <dirent.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/os/proc_file.h"
#include "daemon/os/proc_stat.h"

namespace tend {
namespace {

int NumberAfter(std::string_view entry, std::string_view prefix) {
  const std::string digits(entry.substr(prefix.size()));
  char* end = nullptr;
  const long value = std::strtol(digits.c_str(), &end, 10);
  return digits.empty() || *end != '\0' || value < 0 || value > INT32_MAX ? -1
                                                                          : static_cast<int>(value);
}

// The pm_id and instance of a NUL-separated environment block holding every mark of a
// child of the daemon serving `home_root`; false when a mark is missing.
bool MarksOfHome(std::string_view environ, const std::string& home_root, LiveChild* child) {
  const std::string home_entry = "TEND_HOME=" + home_root;
  bool home = false;
  child->pm_id = child->instance = -1;
  while (!environ.empty()) {
    const size_t end = environ.find('\0');
    const std::string_view entry = environ.substr(0, end);
    home = home || entry == home_entry;
    if (entry.rfind("pm_id=", 0) == 0) child->pm_id = NumberAfter(entry, "pm_id=");
    if (entry.rfind("TEND_INSTANCE=", 0) == 0) {
      child->instance = NumberAfter(entry, "TEND_INSTANCE=");
    }
    if (end == std::string_view::npos) break;
    environ.remove_prefix(end + 1);
  }
  return home && child->pm_id >= 0 && child->instance >= 0;
}

}  // namespace

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
  std::string environ;
  while (const dirent* e = ::readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(e->d_name[0]))) continue;
    const pid_t pid = static_cast<pid_t>(std::strtol(e->d_name, nullptr, 10));
    if (pid == self || pid == own_group) continue;
    auto st = ReadProcStatOnly(proc_root, pid);
    // A child leads the group setsid() gave it; its helpers do not.
    if (!st.ok() || st->pgrp != pid || IsDeadState(st->state)) continue;
    const std::string path = proc_root + "/" + std::to_string(pid) + "/environ";
    LiveChild child;
    if (!ReadProcFile(path, environ).ok() || !MarksOfHome(environ, home_root, &child)) continue;
    child.pid = pid;
    child.ppid = st->ppid;
    child.start_time_ticks = st->start_time_ticks;
    found.push_back(child);
  }
  ::closedir(dir);
  return found;
}

}  // namespace tend

#include "daemon/os/child_marks.h"

#include <cstdint>
#include <cstdlib>

#include "daemon/os/proc_file.h"

namespace tend {
namespace {

int NumberAfter(std::string_view entry, std::string_view prefix) {
  const std::string digits(entry.substr(prefix.size()));
  char* end = nullptr;
  const long value = std::strtol(digits.c_str(), &end, 10);
  return digits.empty() || *end != '\0' || value < 0 || value > INT32_MAX ? -1
                                                                          : static_cast<int>(value);
}

}  // namespace

bool ParseChildMarks(std::string_view environ, const std::string& home_root, ChildMarks* marks) {
  const std::string home_entry = "TEND_HOME=" + home_root;
  bool home = false;
  marks->pm_id = marks->instance = -1;
  while (!environ.empty()) {
    const size_t end = environ.find('\0');
    const std::string_view entry = environ.substr(0, end);
    home = home || entry == home_entry;
    if (entry.rfind("pm_id=", 0) == 0) marks->pm_id = NumberAfter(entry, "pm_id=");
    if (entry.rfind("TEND_INSTANCE=", 0) == 0) {
      marks->instance = NumberAfter(entry, "TEND_INSTANCE=");
    }
    if (end == std::string_view::npos) break;
    environ.remove_prefix(end + 1);
  }
  return home && marks->pm_id >= 0 && marks->instance >= 0;
}

bool ReadChildMarks(const std::string& proc_root, pid_t pid, const std::string& home_root,
                    ChildMarks* marks) {
  thread_local std::string environ;
  const std::string path = proc_root + "/" + std::to_string(pid) + "/environ";
  return ReadProcFile(path, environ).ok() && ParseChildMarks(environ, home_root, marks);
}

}  // namespace tend

#include "daemon/os/fd_keeper.h"

#include <cstdio>

namespace tend {

std::string OutputKey(int pm_id, int instance, int pid) {
  return "out/" + std::to_string(pm_id) + "/" + std::to_string(instance) + "/" +
         std::to_string(pid);
}

bool ParseOutputKey(const std::string& key, int* pm_id, int* instance, int* pid) {
  int consumed = 0;
  if (std::sscanf(key.c_str(), "out/%d/%d/%d%n", pm_id, instance, pid, &consumed) != 3) {
    return false;
  }
  return static_cast<size_t>(consumed) == key.size() && *pm_id >= 0 && *instance >= 0 && *pid > 0;
}

}  // namespace tend

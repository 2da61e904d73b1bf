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

std::string ListenKey(bool requested, const std::string& app, const std::string& address) {
  return std::string("listen\n") + (requested ? "requested" : "own") + "\n" + app + "\n" + address;
}

bool ParseListenKey(const std::string& key, bool* requested, std::string* app,
                    std::string* address) {
  const std::string prefix = "listen\n";
  if (key.rfind(prefix, 0) != 0) return false;
  const size_t kind_end = key.find('\n', prefix.size());
  const size_t app_end = kind_end == std::string::npos ? kind_end : key.find('\n', kind_end + 1);
  if (app_end == std::string::npos) return false;
  const std::string kind = key.substr(prefix.size(), kind_end - prefix.size());
  if (kind != "own" && kind != "requested") return false;
  *requested = kind == "requested";
  *app = key.substr(kind_end + 1, app_end - kind_end - 1);
  *address = key.substr(app_end + 1);
  return !app->empty() && !address->empty();
}

}  // namespace tend

#include "daemon/process_view.h"

#include "daemon/daemon.h"
#include "daemon/managed_process.h"
#include "daemon/wall_clock.h"

namespace tend {

nlohmann::json ProcessesToJson(Daemon&, const std::vector<ManagedProcess*>& procs) {
  auto out = nlohmann::json::array();
  const int64_t now = WallMs();
  for (auto* p : procs) {
    auto j = p->ToJson();
    j["cpu"] = 0.0;
    j["memory"] = 0;
    j["user"] = "";
    j["unix_time_now"] = now;
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace tend

#include "cli/version_check.h"

#include <iostream>

#include "cli/daemon_connection.h"
#include "cli/exit_codes.h"
#include "ipc/verbs.h"

namespace tend::cli {

int PrintVersions() {
  std::cout << "tend " << TEND_VERSION << "\n";
  auto home = HomeLayout::FromEnvironment();
  if (!home.ok()) return kExitOk;
  DaemonConnection daemon(*home);
  if (!daemon.OpenExisting().ok()) {
    std::cout << "tendd not running\n";
    return kExitOk;
  }
  auto pong = daemon.client().Call(std::string(ipc::kPing.wire), nlohmann::json::object(),
                                   std::chrono::seconds(5));
  if (!pong.ok()) return kExitOk;
  const std::string version = pong->value("version", "?");
  std::cout << "tendd " << version << " (pid " << pong->value("pid", 0) << ")\n";
  if (version != TEND_VERSION) {
    std::cerr << "tend: warning: the daemon runs version " << version << " but this CLI is "
              << TEND_VERSION << "; run 'tend kill' and start again to use the new daemon\n";
  }
  return kExitOk;
}

}  // namespace tend::cli

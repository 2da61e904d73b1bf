#include "daemon/cluster/node_app.h"

#include <unistd.h>

namespace tend {
namespace {

std::string BaseName(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool IsNodeApp(const AppSpec& spec) {
  const std::string program = BaseName(spec.interpreter);
  return program == "node" || program == "nodejs";
}

bool UsesNodePreload(const AppSpec& spec) {
  return IsNodeApp(spec) && spec.exec_mode == "cluster_mode";
}

std::string HeldListenAddress(const AppSpec& spec) {
  if (!spec.listen.empty()) return spec.listen;
  if (UsesNodePreload(spec) && spec.port > 0) return std::to_string(spec.port);
  return "";
}

std::string FindNodePreload(const std::string& daemon_binary) {
  const std::string dir = daemon_binary.substr(0, daemon_binary.rfind('/') + 1);
  for (const std::string& candidate :
       {dir + "tend-preload.js", dir + "../lib/tend/tend-preload.js"}) {
    if (::access(candidate.c_str(), R_OK) == 0) return candidate;
  }
  return dir + "tend-preload.js";  // named in the error when it is missing
}

}  // namespace tend

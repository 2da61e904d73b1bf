#include "daemon/logs/log_paths.h"

namespace tend {
namespace {

std::string Absolute(const std::string& path, const std::string& cwd) {
  if (path.empty() || path[0] == '/') return path;
  return cwd + "/" + path;
}

std::string WithId(std::string path, int id) {
  // api-out.log -> api-out-3.log, as PM2 names the files of several instances.
  const auto slash = path.rfind('/');
  const auto dot = path.rfind('.');
  const std::string suffix = "-" + std::to_string(id);
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
    return path.insert(dot, suffix);
  }
  return path + suffix;
}

}  // namespace

LogPaths ComputeLogPaths(const HomeLayout& home, const AppSpec& spec, int id) {
  LogPaths p;
  if (spec.disable_logs) {
    p.out = p.err = "/dev/null";
    return p;
  }
  p.out = spec.out_file.empty() ? home.app_log_path(spec.name, "out")
                                : Absolute(spec.out_file, spec.cwd);
  p.err = spec.error_file.empty() ? home.app_log_path(spec.name, "error")
                                  : Absolute(spec.error_file, spec.cwd);
  p.combined = Absolute(spec.log_file, spec.cwd);
  if (spec.instances > 1 && !spec.merge_logs) {
    if (p.out != "/dev/null") p.out = WithId(p.out, id);
    if (p.err != "/dev/null") p.err = WithId(p.err, id);
  }
  return p;
}

}  // namespace tend

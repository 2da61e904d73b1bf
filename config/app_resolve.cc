#include "config/app_resolve.h"
#include <unistd.h>
#include <sstream>
namespace tend {
namespace {
std::string FindInPath(const std::string& name, const std::string& path_env) {
  std::stringstream ss(path_env); std::string dir;
  while (std::getline(ss, dir, ':')) { std::string c = dir + "/" + name; if (::access(c.c_str(), X_OK) == 0) return c; }
  return "";
}
}
Status ResolveAppSpec(AppSpec& spec, const ResolveContext& ctx) {
  if (spec.cwd.empty()) spec.cwd = ctx.cwd;
  if (spec.env.empty()) spec.env = ctx.env;
  std::string s = spec.script;
  if (s.find('/') == std::string::npos) {
    if (::access((spec.cwd + "/" + s).c_str(), F_OK) == 0) s = spec.cwd + "/" + s; else { auto p = FindInPath(s, ctx.path_env); if (p.empty()) return Status::NotFound("script '" + s + "' not found"); s = p; }
  } else if (s[0] != '/') s = spec.cwd + "/" + s;
  if (::access(s.c_str(), F_OK) != 0) return Status::NotFound("script '" + spec.script + "' not found");
  spec.script = s;
  auto dot = s.rfind('.');
  std::string ext = dot == std::string::npos ? "" : s.substr(dot);
  if (spec.interpreter.empty()) { if (ext == ".js") spec.interpreter = "node"; else if (ext == ".py") { spec.interpreter = "python3"; spec.env["PYTHONUNBUFFERED"] = "1"; } else if (ext == ".sh") spec.interpreter = "bash"; else spec.interpreter = "none"; }
  if (spec.interpreter != "none" && spec.interpreter.find('/') == std::string::npos) { auto p = FindInPath(spec.interpreter, ctx.path_env); if (p.empty()) return Status::NotFound("interpreter '" + spec.interpreter + "' not found in PATH"); spec.interpreter = p; }
  if (spec.name.empty()) { auto b = s.substr(s.rfind('/') + 1); auto d = b.rfind('.'); spec.name = d == std::string::npos || d == 0 ? b : b.substr(0, d); }
  return Status::Ok();
}
}

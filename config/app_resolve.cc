#include "config/app_resolve.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "config/app_name.h"
#include "config/home_layout.h"
#include "config/umask_text.h"

extern char** environ;

namespace tend {
namespace {

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

std::string_view Basename(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view Extension(std::string_view script) {
  const std::string_view base = Basename(script);
  const size_t dot = base.rfind('.');
  return dot == std::string_view::npos || dot == 0 ? std::string_view() : base.substr(dot);
}

Status ResolveScript(AppSpec& spec, const ResolveContext& ctx) {
  if (spec.script.empty()) return Status::InvalidArgument("app '" + spec.name + "': no script");
  const std::string in_cwd = AbsolutePath(spec.cwd, spec.script);
  if (Exists(in_cwd)) {
    spec.script = in_cwd;
    return Status::Ok();
  }
  if (spec.script.find('/') == std::string::npos) {
    std::string found = FindExecutable(spec.script, ctx.path_env, spec.cwd);
    if (!found.empty()) {
      spec.script = found;
      return Status::Ok();
    }
    return Status::NotFound("script '" + spec.script + "' not found in " + spec.cwd +
                            " nor in PATH");
  }
  return Status::NotFound("script '" + spec.script + "' not found (looked for " + in_cwd + ")");
}

Status ResolveInterpreter(AppSpec& spec, const ResolveContext& ctx) {
  if (spec.interpreter.empty()) spec.interpreter = InterpreterForScript(spec.script);
  if (spec.interpreter == "none") return Status::Ok();
  const std::string_view base = Basename(spec.interpreter);
  if (base.rfind("python", 0) == 0 && spec.env.count("PYTHONUNBUFFERED") == 0) {
    spec.env["PYTHONUNBUFFERED"] = "1";
  }
  std::string found = spec.interpreter.find('/') == std::string::npos
                          ? FindExecutable(spec.interpreter, ctx.path_env, spec.cwd)
                          : AbsolutePath(spec.cwd, spec.interpreter);
  if (found.empty()) {
    return Status::NotFound("interpreter '" + spec.interpreter + "' not found in PATH");
  }
  if (!IsExecutableFile(found)) {
    return Status::NotFound("interpreter '" + spec.interpreter + "' is not an executable file");
  }
  spec.interpreter = found;
  return Status::Ok();
}

}  // namespace

ResolveContext CurrentResolveContext() {
  ResolveContext ctx;
  std::vector<char> buf(4096);
  while (getcwd(buf.data(), buf.size()) == nullptr && errno == ERANGE)
    buf.resize(buf.size() * 2);
  ctx.cwd = buf.data();
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    ctx.env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  const auto path = ctx.env.find("PATH");
  ctx.path_env = path == ctx.env.end() ? "/usr/local/bin:/usr/bin:/bin" : path->second;
  ctx.umask = UmaskText(CurrentUmask());
  return ctx;
}

std::string FindExecutable(std::string_view name, std::string_view path_env, std::string_view cwd) {
  if (name.empty()) return "";
  if (name.find('/') != std::string_view::npos) {
    std::string path = AbsolutePath(cwd, name);
    return IsExecutableFile(path) ? path : "";
  }
  size_t start = 0;
  while (start <= path_env.size()) {
    size_t colon = path_env.find(':', start);
    if (colon == std::string_view::npos) colon = path_env.size();
    const std::string_view dir = path_env.substr(start, colon - start);
    const std::string candidate =
        AbsolutePath(cwd, std::string(dir.empty() ? "." : dir) + "/" + std::string(name));
    if (IsExecutableFile(candidate)) return candidate;
    start = colon + 1;
  }
  return "";
}

std::string AbsolutePath(std::string_view base, std::string_view path) {
  const std::string joined = !path.empty() && path[0] == '/'
                                 ? std::string(path)
                                 : std::string(base) + "/" + std::string(path);
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= joined.size()) {
    size_t slash = joined.find('/', start);
    if (slash == std::string::npos) slash = joined.size();
    const std::string part = joined.substr(start, slash - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts)
    out += "/" + p;
  return out.empty() ? "/" : out;
}

std::string InterpreterForScript(std::string_view script) {
  // PM2's lib/API/interpreter.json, with python3 for "python" (most systems have no
  // `python` any more).
  static const std::pair<std::string_view, std::string_view> kByExtension[] = {
      {".js", "node"}, {".cjs", "node"},   {".mjs", "node"},      {".py", "python3"},
      {".sh", "bash"}, {".ts", "ts-node"}, {".tsx", "ts-node"},   {".rb", "ruby"},
      {".php", "php"}, {".pl", "perl"},    {".coffee", "coffee"}, {".ls", "lsc"},
  };
  const std::string_view ext = Extension(script);
  for (const auto& [e, interpreter] : kByExtension) {
    if (ext == e) return std::string(interpreter);
  }
  return "none";
}

Status ResolveAppSpec(AppSpec& spec, const ResolveContext& ctx) {
  spec.cwd = AbsolutePath(ctx.cwd, spec.cwd.empty() ? "." : spec.cwd);
  if (spec.name.empty()) {
    std::string_view base = Basename(spec.script);
    base = base.substr(0, base.size() - Extension(base).size());
    spec.name = std::string(base);
  }
  TEND_RETURN_IF_ERROR(CheckAppName(spec.name));
  if (spec.env.empty()) spec.env = ctx.env;
  if (spec.umask.empty()) spec.umask = ctx.umask;
  TEND_RETURN_IF_ERROR(ResolveScript(spec, ctx));
  return ResolveInterpreter(spec, ctx);
}

}  // namespace tend

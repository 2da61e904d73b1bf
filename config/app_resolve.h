#pragma once
// Fills in what an AppSpec leaves to defaults, the way PM2 does at start time:
// absolute cwd, the script found on disk or in PATH, the interpreter chosen by
// extension and found in PATH, a name. Separate from reading a file because it
// looks at the disk: `tend config` can show a file whose scripts do not exist yet.

#include <map>
#include <string>
#include <string_view>

#include "config/app_spec.h"
#include "config/status.h"

namespace tend {

// What the CLI knows about where it runs.
struct ResolveContext {
  std::string cwd;                         // absolute; the CLI's working directory.
  std::string path_env;                    // the PATH used to find scripts, interpreters and node.
  std::map<std::string, std::string> env;  // the CLI's environment.
  std::string umask;                       // the CLI's umask, octal ("0022").
};

// The context of the calling process (getcwd, $PATH, environ).
ResolveContext CurrentResolveContext();

// `name` as an executable: itself if it contains '/', else the first match in
// `path_env` (empty entries mean "."). "" when nothing executable is found.
std::string FindExecutable(std::string_view name, std::string_view path_env, std::string_view cwd);

// `path` made absolute against `base` and cleaned of "." and ".." (lexically).
std::string AbsolutePath(std::string_view base, std::string_view path);

// The interpreter PM2 picks for a script by its extension: "node", "python3",
// "bash", "ts-node", ... or "none" (execute the script itself).
std::string InterpreterForScript(std::string_view script);

// Defaults, PM2's way (see docs/ecosystem.md): cwd absolute (default ctx.cwd);
// script relative to cwd, then in PATH (NotFound naming it when neither);
// interpreter by extension when empty, resolved to an absolute path ("none" kept);
// python gets PYTHONUNBUFFERED=1; name defaults to the script's basename without
// extension and must pass CheckAppName (app_name.h); env defaults to ctx.env, umask to
// ctx.umask.
Status ResolveAppSpec(AppSpec& spec, const ResolveContext& ctx);

}  // namespace tend

#pragma once
// Reading the ecosystem file named on the command line (with --env and --only),
// printing its warnings, and resolving every app for this machine, so that the
// verbs that take a file (start, restart, stop, delete, config) share one path.

#include <string>
#include <vector>

#include "cli/command_context.h"
#include "config/app_spec.h"
#include "config/status.h"

namespace tend::cli {

// Loaded and validated; `resolve` also finds scripts and interpreters on disk.
Result<std::vector<AppSpec>> LoadAppsFromFile(CommandContext& ctx, const std::string& path,
                                              bool resolve);
// The app names a file declares (for stop/delete <file>).
Result<std::vector<std::string>> AppNamesInFile(CommandContext& ctx, const std::string& path);
// Sends the apps to the daemon's `start` (or prints them with --dry-run) and
// prints the table. `update_existing`: apps already known take the new spec and
// restart, as `start <file>` and `restart <file>` do in PM2.
int StartApps(CommandContext& ctx, const std::vector<AppSpec>& apps, bool update_existing);

// Whether a target names an ecosystem file that exists.
bool IsEcosystemFileTarget(const std::string& target);

}  // namespace tend::cli

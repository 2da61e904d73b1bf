#pragma once
// `tend --version`: the CLI's version and, when a daemon runs, the daemon's,
// with a warning when they differ (a daemon from an older install).

namespace tend::cli {

int PrintVersions();

}  // namespace tend::cli

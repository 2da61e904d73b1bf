#pragma once
// The files of the home the daemon reads or appends to at start (the dump, its
// backup, the settings, tendd.log), checked before any is opened for real: each
// must be a regular file (a FIFO there once hung the daemon's start forever), and
// those it acts on (all but the log) must belong to the daemon's user and be
// writable by nobody else (another user's dump once made root's `tend resurrect`
// run that user's command as root).

#include "config/home_layout.h"
#include "config/status.h"

namespace tend {

// Ok when each of those files is missing or trusted (config/file_trust.h); else
// the first problem, naming the file and the fix. Never blocks.
Status CheckHomeFiles(const HomeLayout& home);

}  // namespace tend

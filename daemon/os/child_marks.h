#pragma once
// The marks every child of a daemon carries in its environment, and its descendants
// inherit: TEND_HOME=<the home's root>, pm_id and TEND_INSTANCE. They name a process as
// one of this home's apps without a file on disk (after a daemon crash, or for an orphan
// the daemon inherited as subreaper).

#include <sys/types.h>

#include <string>
#include <string_view>

namespace tend {

struct ChildMarks {
  int pm_id = -1;
  int instance = -1;
};

// The marks of a NUL-separated environment block; false unless it holds all three, with
// TEND_HOME equal to `home_root`.
bool ParseChildMarks(std::string_view environ, const std::string& home_root, ChildMarks* marks);
// The same for the initial environment of a live process; false when it cannot be read.
bool ReadChildMarks(const std::string& proc_root, pid_t pid, const std::string& home_root,
                    ChildMarks* marks);

}  // namespace tend

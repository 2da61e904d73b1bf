#pragma once
// Where a process's output goes, PM2's way: $TEND_HOME/logs/<name>-out.log and
// <name>-error.log; with several instances <name>-out-<id>.log unless
// merge_logs; explicit out_file/error_file/log_file win (relative to the cwd).

#include <string>

#include "config/app_spec.h"
#include "config/home_layout.h"

namespace tend {

struct LogPaths {
  std::string out;
  std::string err;
  std::string combined;  // "" = none
};

LogPaths ComputeLogPaths(const HomeLayout& home, const AppSpec& spec, int id);

}  // namespace tend

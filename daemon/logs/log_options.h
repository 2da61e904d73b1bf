#pragma once
// LogOptions: the log settings of one managed process, resolved by the caller
// from its AppSpec (paths made absolute, PM2's default names applied; see
// docs/logs.md). Split into how lines look (LogFormat) and how files rotate.

#include <cstdint>
#include <string>

#include "daemon/logs/log_format.h"
#include "daemon/logs/log_rotation.h"

namespace tend {

struct LogOptions {
  // Absolute paths. "/dev/null" discards (disable_logs); out and err may be the
  // same path; combined_path "" = no combined file (AppSpec::log_file).
  std::string out_path;
  std::string err_path;
  std::string combined_path;
  bool time = false;        // AppSpec::time
  std::string date_format;  // AppSpec::log_date_format
  bool json = false;        // AppSpec::log_type == "json"
  std::string app_name;
  int process_id = 0;
  int64_t max_size = 0;         // AppSpec::log_max_size_bytes; 0 = no size rotation
  int retain = 0;               // AppSpec::log_retain, resolved; 0 = keep all
  bool compress = false;        // AppSpec::log_compress
  std::string rotate_interval;  // AppSpec::log_rotate_interval: "" | "hourly" | "daily"
};

inline LogFormat FormatOf(const LogOptions& options) {
  return LogFormat{options.time, options.date_format, options.json, options.app_name};
}

inline RotationOptions RotationOf(const LogOptions& options) {
  return RotationOptions{options.max_size, options.rotate_interval, options.retain,
                         options.compress};
}

}  // namespace tend

#include "daemon/persist/home_files.h"

#include <unistd.h>

#include <string>

#include "config/file_trust.h"
#include "daemon/persist/atomic_file.h"

namespace tend {

Status CheckHomeFiles(const HomeLayout& home) {
  struct File {
    std::string path;
    std::string what;
    bool trusted;  // what it says is acted on; else it is only appended to
  };
  const File files[] = {
      {home.dump_path(), "dump", true},
      {BackupPathFor(home.dump_path()), "dump backup", true},
      {home.settings_path(), "settings file", true},
      {home.state_path(), "live state", true},
      {BackupPathFor(home.state_path()), "live state backup", true},
      {home.daemon_log_path(), "daemon log", false},
  };
  for (const auto& [path, what, trusted] : files) {
    auto fd = trusted ? OpenTrustedFile(path, what) : OpenRegularFile(path, what);
    if (fd.ok()) {
      ::close(*fd);
      continue;
    }
    if (fd.status().code() != Code::kNotFound) return fd.status();
  }
  return Status::Ok();
}

}  // namespace tend

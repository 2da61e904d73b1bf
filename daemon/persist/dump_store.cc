#include "daemon/persist/dump_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include "config/wall_clock.h"
#include "daemon/persist/atomic_file.h"

namespace tend {
namespace {

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// Renames without ever replacing an existing file; false (errno set) on failure.
bool RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return true;
  }
  if (errno != EINVAL && errno != ENOSYS) return false;
  // The file system cannot do RENAME_NOREPLACE: a hard link never replaces either.
  if (::link(from.c_str(), to.c_str()) != 0) return false;
  ::unlink(from.c_str());
  return true;
}

// Keeps a bad file for inspection under a name no save will ever touch.
Result<std::string> MoveAside(const std::string& path) {
  const std::string stem = path + ".corrupt-" + UtcStamp();
  for (int n = 0; n < 100; ++n) {
    const std::string target = n == 0 ? stem : stem + "-" + std::to_string(n);
    if (RenameNoReplace(path, target)) return target;
    if (errno != EEXIST) return Status::FromErrno("cannot move " + path + " to " + target, errno);
  }
  return Status::Io("cannot move " + path + " aside: too many " + stem + "* files");
}

Result<Dump> ReadDumpFile(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  auto dump = DumpFromJsonText(*text);
  if (!dump.ok()) return Status::InvalidArgument(dump.status().message());
  return dump;
}

// Moves a bad file aside and says what happened, for a warning or an error.
std::string SetAside(const std::string& path, const Status& why) {
  std::string msg = path + " is unusable (" + why.message() + ")";
  auto aside = MoveAside(path);
  if (aside.ok()) return msg + "; kept as " + *aside;
  return msg + "; left in place: " + aside.status().message();
}

}  // namespace

Status SaveDump(const std::string& path, const Dump& dump, const std::string& crash_point_prefix) {
  Dump stamped = dump;
  if (stamped.saved_at_ms == 0) stamped.saved_at_ms = WallMs();
  AtomicWriteOptions opts;
  opts.mode = 0600;
  opts.keep_backup = true;
  opts.crash_point_prefix = crash_point_prefix;
  return WriteFileAtomically(path, DumpToJsonText(stamped), opts);
}

Result<LoadedDump> LoadDump(const std::string& path) {
  auto main = ReadDumpFile(path);
  if (main.ok()) return LoadedDump{std::move(main).value(), {}, false};

  LoadedDump loaded;
  loaded.from_backup = true;
  const bool main_missing = main.status().code() == Code::kNotFound;
  std::string main_problem;
  if (!main_missing) {
    main_problem = SetAside(path, main.status());
    loaded.warnings.push_back(main_problem + "; loading " + BackupPathFor(path));
  }

  const std::string bak_path = BackupPathFor(path);
  auto bak = ReadDumpFile(bak_path);
  if (bak.ok()) {
    if (main_missing) loaded.warnings.push_back(path + " is missing; loading " + bak_path);
    loaded.dump = std::move(bak).value();
    return loaded;
  }
  if (bak.status().code() == Code::kNotFound) {
    if (main_missing) return Status::NotFound("no dump: neither " + path + " nor " + bak_path);
    return Status::InvalidArgument("cannot load the dump: " + main_problem + ", and there is no " +
                                   bak_path);
  }
  const std::string bak_problem = SetAside(bak_path, bak.status());
  if (main_missing) return Status::InvalidArgument("cannot load the dump: " + bak_problem);
  return Status::InvalidArgument("cannot load the dump: " + main_problem + "; and " + bak_problem);
}

Status ClearDump(const std::string& path) {
  Dump empty;
  empty.next_id = 0;
  return SaveDump(path, empty);
}

}  // namespace tend

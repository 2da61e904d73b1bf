#include "daemon/persist/dump_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <ctime>

#include "config/file_trust.h"
#include "config/wall_clock.h"
#include "daemon/persist/atomic_file.h"

namespace tend {
namespace {

std::string UtcText(std::time_t when, const char* format) {
  std::tm tm{};
  ::gmtime_r(&when, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string UtcStamp() {
  return UtcText(std::time(nullptr), "%Y%m%dT%H%M%SZ");
}

// What the user gets back from a backup, and when it was saved: a change made
// after that save (if the dump was newer) is what is lost.
std::string BackupUsed(const std::string& bak_path, const Dump& dump) {
  const std::string when =
      UtcText(static_cast<std::time_t>(dump.saved_at_ms / 1000), "%Y-%m-%dT%H:%M:%SZ");
  return "restoring " + std::to_string(dump.processes.size()) + " process(es) from " + bak_path +
         ", saved at " + when + "; a change made after that save is lost";
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

// Keeps a file (a bad one, or a cleared one) under a name no save will ever touch:
// <path><infix><UTC time>[-N].
Result<std::string> MoveAside(const std::string& path, const std::string& infix) {
  const std::string stem = path + infix + UtcStamp();
  for (int n = 0; n < 100; ++n) {
    const std::string target = n == 0 ? stem : stem + "-" + std::to_string(n);
    if (RenameNoReplace(path, target)) return target;
    if (errno != EEXIST) return Status::FromErrno("cannot move " + path + " to " + target, errno);
  }
  return Status::Io("cannot move " + path + " aside: too many " + stem + "* files");
}

Result<Dump> ReadDumpFile(const std::string& path) {
  auto text = ReadTrustedFile(path, "dump");
  if (!text.ok()) return text.status();
  auto dump = DumpFromJsonText(*text);
  if (!dump.ok()) return Status::InvalidArgument(dump.status().message());
  return dump;
}

// Moves a bad file aside and says what happened, for a warning or an error.
std::string SetAside(const std::string& path, const Status& why) {
  std::string msg = path + " is unusable (" + why.message() + ")";
  auto aside = MoveAside(path, ".corrupt-");
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
  // Another user's file is not damage to recover from: nothing of it is used or moved.
  if (IsUntrustedFile(main.status())) return main.status();

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
  if (IsUntrustedFile(bak.status())) return bak.status();
  if (bak.ok()) {
    if (main_missing) loaded.warnings.push_back(path + " is missing; loading " + bak_path);
    loaded.dump = std::move(bak).value();
    loaded.warnings.push_back(BackupUsed(bak_path, loaded.dump));
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
  // The backup holds the same as the dump, so the list cleared is kept aside instead.
  if (auto kept = MoveAside(path, ".cleared-"); !kept.ok() && kept.status().os_error() != ENOENT) {
    return kept.status();
  }
  Dump empty;
  empty.next_id = 0;
  return SaveDump(path, empty);
}

}  // namespace tend

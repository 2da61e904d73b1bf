#include "daemon/os/proc_tree.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <memory>

#include "daemon/os/proc_file.h"

namespace tend {
namespace {

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

bool ParsePid(std::string_view text, pid_t& pid) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  return ec == std::errc() && end == text.data() + text.size() && pid > 0;
}

// Calls visit(pid) for every numeric entry of `dir_path`.
template <typename Visit>
Status ForEachPidEntry(const std::string& dir_path, Visit visit) {
  DirPtr dir(::opendir(dir_path.c_str()));
  if (!dir) {
    if (errno == ENOENT || errno == ESRCH) return Status::NotFound(dir_path + ": no such process");
    return Status::FromErrno(dir_path, errno);
  }
  while (dirent* entry = ::readdir(dir.get())) {
    pid_t pid = 0;
    if (ParsePid(entry->d_name, pid)) visit(pid);
  }
  return Status::Ok();
}

Status AppendThreadChildren(ProcFileCache& files, pid_t pid, pid_t tid, std::vector<pid_t>& out) {
  thread_local std::string buffer;
  TEND_RETURN_IF_ERROR(files.Read(pid, "task/" + std::to_string(tid) + "/children", buffer));
  ParsePidList(buffer, out);
  return Status::Ok();
}

}  // namespace

void ParsePidList(std::string_view text, std::vector<pid_t>& out) {
  while (!text.empty()) {
    size_t start = text.find_first_not_of(" \n");
    if (start == std::string_view::npos) return;
    text.remove_prefix(start);
    size_t end = text.find_first_of(" \n");
    pid_t pid = 0;
    if (ParsePid(text.substr(0, end), pid)) out.push_back(pid);
    if (end == std::string_view::npos) return;
    text.remove_prefix(end);
  }
}

bool ChildrenFileSupported(const std::string& proc_root) {
  return ::access((proc_root + "/thread-self/children").c_str(), R_OK) == 0;
}

Status AppendChildrenFromFiles(ProcFileCache& files, pid_t pid, int num_threads,
                               std::vector<pid_t>& out) {
  // Children belong to the thread that forked them, so every thread is asked.
  if (num_threads <= 1) return AppendThreadChildren(files, pid, pid, out);
  std::vector<pid_t> tids;
  std::string task_dir = files.proc_root() + '/' + std::to_string(pid) + "/task";
  TEND_RETURN_IF_ERROR(ForEachPidEntry(task_dir, [&](pid_t tid) { tids.push_back(tid); }));
  for (pid_t tid : tids) {
    // A thread may exit between the listing and the read: skip it.
    Status status = AppendThreadChildren(files, pid, tid, out);
    if (!status.ok() && status.code() != Code::kNotFound) return status;
  }
  return Status::Ok();
}

Status AppendChildrenFromFiles(const std::string& proc_root, pid_t pid, int num_threads,
                               std::vector<pid_t>& out) {
  ProcFileCache uncached(proc_root, 0);
  return AppendChildrenFromFiles(uncached, pid, num_threads, out);
}

Result<ProcSnapshot> ScanProcesses(const std::string& proc_root) {
  ProcSnapshot snapshot;
  // Not cached: a scan would pin a file per process of the host.
  ProcFileCache uncached(proc_root, 0);
  Status status = ForEachPidEntry(proc_root, [&](pid_t pid) {
    Result<ProcStat> stat = ReadProcStatOnly(uncached, pid);
    if (!stat.ok()) return;  // gone since the listing
    snapshot.children[stat->ppid].push_back(pid);
    snapshot.stats.emplace(pid, std::move(stat).value());
  });
  if (!status.ok()) return status;
  return snapshot;
}

}  // namespace tend

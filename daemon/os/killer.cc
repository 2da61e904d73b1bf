#include "daemon/os/killer.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <optional>
#include <string>
#include <unordered_set>

#include "daemon/os/app_cgroups.h"
#include "daemon/os/child_marks.h"
#include "daemon/os/orphan_reaper.h"
#include "daemon/os/proc_tree.h"
#include "daemon/os/process_group.h"

namespace tend {
namespace {

// The message ChildProcess::Signal gives, so logs and replies read as before.
Status KillStatus(pid_t target, int signum, int error) {
  if (error == 0) return Status::Ok();
  return Status::FromErrno("kill(" + std::to_string(target) + ", " + std::to_string(signum) + ")",
                           error);
}

int KillErrno(pid_t target, int signum) {
  return ::kill(target, signum) == 0 ? 0 : errno;
}

}  // namespace

OsKiller::OsKiller(std::string proc_root, std::string home_root)
    : proc_root_(std::move(proc_root)), home_root_(std::move(home_root)) {}

OsKiller::~OsKiller() {
  if (cgroups_) cgroups_->RemoveAll();
}

void OsKiller::set_cgroups(std::unique_ptr<AppCgroups> cgroups) {
  cgroups_ = std::move(cgroups);
}

Status OsKiller::Signal(pid_t pid, int signum) {
  return KillStatus(pid, signum, KillErrno(pid, signum));
}

Status OsKiller::SignalRun(const AppRun& run, int signum) {
  const int error = KillErrno(-run.leader, signum);
  // Each once: a second SIGINT is "force quit" to many programs.
  for (pid_t pid : MembersOutsideGroup(run))
    (void)::kill(pid, signum);
  return KillStatus(-run.leader, signum, error == ESRCH ? 0 : error);
}

bool OsKiller::RunHasLiveMember(const AppRun& run) {
  return GroupHasLiveMember(run.leader) || !MembersOutsideGroup(run).empty();
}

void OsKiller::Track(const AppRun& run) {
  adopted_outside_.erase(run.pm_id);
  if (!cgroups_) return;
  // A process that forks before this line leaves a child behind in the daemon's cgroup:
  // the descendant walk of MembersOutsideGroup still finds it.
  if (Status s = cgroups_->Place(run.pm_id, run.leader); !s.ok()) {
    spdlog::warn("pm_id {}: {}", run.pm_id, s.message());
  }
}

void OsKiller::TrackAdopted(const AppRun& run, const std::vector<pid_t>& outside) {
  adopted_outside_[run.pm_id] = outside;
  if (cgroups_) cgroups_->Adopt(run.pm_id, run.leader);
}

void OsKiller::Forget(int pm_id) {
  adopted_outside_.erase(pm_id);
  if (cgroups_) cgroups_->Forget(pm_id);
}

std::vector<pid_t> OsKiller::MembersOutsideGroup(const AppRun& run) {
  std::vector<pid_t> todo;
  if (cgroups_) todo = cgroups_->Members(run.pm_id);
  auto of_this_app = [this, &run](pid_t pid) {
    ChildMarks marks;
    return ReadChildMarks(proc_root_, pid, home_root_, &marks) && marks.pm_id == run.pm_id;
  };
  // Once reaped, the leader's pid may be another process's: only its marks say it is not.
  if (of_this_app(run.leader)) todo.push_back(run.leader);
  for (pid_t child : ChildrenOfSelf(proc_root_)) {
    if (!IsSpawnedPid(child) && of_this_app(child)) todo.push_back(child);
  }
  auto adopted = adopted_outside_.find(run.pm_id);
  if (adopted != adopted_outside_.end()) {
    for (pid_t pid : adopted->second)
      if (of_this_app(pid)) todo.push_back(pid);
  }
  // Without the kernel's children files, one scan of /proc gives every process's children.
  std::optional<ProcSnapshot> snapshot;
  if (!ChildrenFileSupported(proc_root_)) {
    auto scanned = ScanProcesses(proc_root_);
    if (scanned.ok()) snapshot = std::move(scanned).value();
  }
  std::vector<pid_t> out;
  std::unordered_set<pid_t> seen;
  while (!todo.empty()) {
    const pid_t pid = todo.back();
    todo.pop_back();
    if (pid <= 0 || !seen.insert(pid).second) continue;
    auto st = ReadProcStatOnly(proc_root_, pid);
    if (!st.ok()) continue;
    if (!IsDeadState(st->state) && st->pgrp != run.leader) out.push_back(pid);
    if (snapshot) {
      auto it = snapshot->children.find(pid);
      if (it != snapshot->children.end())
        todo.insert(todo.end(), it->second.begin(), it->second.end());
    } else {
      (void)AppendChildrenFromFiles(proc_root_, pid, st->num_threads, todo);
    }
  }
  return out;
}

}  // namespace tend

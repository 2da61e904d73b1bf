#include "daemon/os/orphan_reaper.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <unordered_set>

#include "config/no_throw.h"
#include "daemon/os/proc_tree.h"

namespace tend {
namespace {

std::unordered_set<pid_t>& SpawnedPids() {
  static std::unordered_set<pid_t> pids;
  return pids;
}

}  // namespace

void NoteSpawnedPid(pid_t pid) {
  SpawnedPids().insert(pid);
}

void NoteReapedPid(pid_t pid) {
  SpawnedPids().erase(pid);
}

bool IsSpawnedPid(pid_t pid) {
  return SpawnedPids().count(pid) != 0;
}

Status BecomeChildSubreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return Status::FromErrno("prctl(PR_SET_CHILD_SUBREAPER)", errno);
  }
  return Status::Ok();
}

std::vector<pid_t> ChildrenOfSelf(const std::string& proc_root) {
  std::vector<pid_t> out;
  if (ChildrenFileSupported(proc_root)) {
    // Children hang off the thread that forked them or the one the kernel reparented them
    // to: every thread is asked (a thread count above 1 makes it list them).
    if (AppendChildrenFromFiles(proc_root, ::getpid(), 2, out).ok()) return out;
    out.clear();
  }
  auto snapshot = ScanProcesses(proc_root);
  if (snapshot.ok()) out = snapshot->children[::getpid()];
  return out;
}

OrphanReaper::OrphanReaper(uv_loop_t* loop) : loop_(loop) {}

OrphanReaper::~OrphanReaper() {
  Close();
}

Status OrphanReaper::Start() {
  signal_ = new uv_signal_t;
  uv_signal_init(loop_, signal_);
  signal_->data = this;
  const int rc = uv_signal_start(
      signal_,
      [](uv_signal_t* h, int) {
        NoThrow("orphan reaper", [h] { static_cast<OrphanReaper*>(h->data)->ReapNow(); });
      },
      SIGCHLD);
  if (rc < 0) return Status::FromUv("cannot watch SIGCHLD", rc);
  return Status::Ok();
}

void OrphanReaper::Close() {
  if (signal_ == nullptr) return;
  uv_close(reinterpret_cast<uv_handle_t*>(signal_),
           [](uv_handle_t* h) { delete reinterpret_cast<uv_signal_t*>(h); });
  signal_ = nullptr;
}

int OrphanReaper::ReapNow() {
  int reaped = 0;
  for (pid_t pid : ChildrenOfSelf("/proc")) {
    if (IsSpawnedPid(pid)) continue;  // libuv's: its own SIGCHLD watcher waits for it
    int status = 0;
    pid_t r;
    do {
      r = ::waitpid(pid, &status, WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == pid) ++reaped;
  }
  if (reaped > 0) spdlog::debug("reaped {} orphaned descendant(s)", reaped);
  return reaped;
}

}  // namespace tend

// LogFile's operations other than writing: truncate (on the loop via uv_fs),
// rotate/reopen (rename + open + close in the thread pool; the loop only swaps
// the fd) and housekeeping (gzip + prune, thread pool, one at a time per file).
// Thread-pool functions touch only their work struct, never the LogFile.

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <utility>

#include "config/no_throw.h"
#include "config/wall_clock.h"
#include "daemon/logs/log_file.h"
#include "daemon/logs/log_file_open.h"

namespace tend {

struct LogFile::SwapWork {
  uv_work_t req{};
  std::shared_ptr<LogFile> file;
  Op op = Op::kReopen;
  std::string path;
  int old_fd = -1;
  int64_t now_ms = 0;
  uint64_t sequence = 0;
  // Results.
  int new_fd = -1;
  std::string rotated;
  Status status;
  std::vector<std::function<void(Status)>> reopen_callbacks;  // told the outcome, on the loop
};

struct LogFile::HousekeepingWork {
  uv_work_t req{};
  std::shared_ptr<LogFile> file;
  std::string path;
  std::string rotated;
  bool compress = false;
  int retain = 0;
  Status status;
};

void LogFile::StartTruncate() {
  if (discard_ || !regular_) {  // /dev/null, a tty, a fifo: nothing to empty
    std::vector<std::function<void(Status)>> callbacks;
    callbacks.swap(truncate_callbacks_);
    for (auto& callback : callbacks)
      callback(Status::Ok());
    Pump();
    return;
  }
  uv_fs_t& req = FsRequest();
  req.data = this;
  op_ = Op::kTruncate;
  self_ = shared_from_this();
  const int rc = uv_fs_ftruncate(loop_, &req, fd_, 0, &LogFile::OnTruncateDone);
  if (rc < 0) {
    req.result = rc;
    OnTruncateDone(&req);
  }
}

void LogFile::OnTruncateDone(uv_fs_t* req) {
  auto* file = static_cast<LogFile*>(req->data);
  const auto result = static_cast<int>(req->result);
  uv_fs_req_cleanup(req);
  std::shared_ptr<LogFile> keep = std::move(file->self_);
  file->op_ = Op::kNone;
  NoThrow("log file truncate callback", [&] { file->FinishTruncate(result); });
}

void LogFile::FinishTruncate(int result) {
  Status status;
  if (result < 0) {
    status = Status::FromUv("truncate " + path_, result);
  } else {
    size_ = 0;
    retry_at_ = 0;  // space was just freed: a failing file may retry now
  }
  std::vector<std::function<void(Status)>> callbacks;
  callbacks.swap(truncate_callbacks_);
  for (auto& callback : callbacks)
    callback(status);
  Pump();
}

void LogFile::StartSwap(Op op) {
  auto* work = new SwapWork;
  work->req.data = work;
  work->file = shared_from_this();
  work->op = op;
  work->path = path_;
  work->old_fd = fd_;
  work->now_ms = WallMs();
  work->sequence = rotation_sequence_;
  // Those who asked before this reopen began get its outcome; later askers, the next one's.
  if (op == Op::kReopen) work->reopen_callbacks.swap(reopen_callbacks_);
  op_ = op;
  const int rc = uv_queue_work(loop_, &work->req, &LogFile::RunSwap, &LogFile::OnSwapDone);
  if (rc < 0) {
    work->status = Status::Internal(std::string("uv_queue_work: ") + uv_strerror(rc));
    OnSwapDone(&work->req, 0);
  }
}

// Thread pool. On rotate: rename first, so the new file is created empty.
void LogFile::RunSwap(uv_work_t* req) {
  auto* work = static_cast<SwapWork*>(req->data);
  NoThrow("log file rotate work", [work] { Swap(*work); });
}

void LogFile::Swap(SwapWork& work) {
  if (work.op == Op::kRotate) {
    Result<std::string> rotated = RenameToRotated(work.path, work.now_ms, &work.sequence);
    if (!rotated.ok()) {
      work.status = rotated.status();
      return;
    }
    work.rotated = std::move(rotated.value());
  }
  Result<int> fd = OpenLogFd(work.path);
  if (!fd.ok()) {
    work.status = fd.status();  // keep writing to the old fd rather than nowhere
    return;
  }
  work.new_fd = *fd;
  close(work.old_fd);
}

void LogFile::OnSwapDone(uv_work_t* req, int /*status*/) {
  std::unique_ptr<SwapWork> work(static_cast<SwapWork*>(req->data));
  std::shared_ptr<LogFile> keep = work->file;
  keep->op_ = Op::kNone;
  NoThrow("log file rotate callback", [&] {
    keep->FinishSwap(*work);
    keep->Pump();
  });
}

void LogFile::FinishSwap(SwapWork& work) {
  rotation_sequence_ = work.sequence;
  const char* what = work.op == Op::kRotate ? "rotate" : "reopen";
  if (work.new_fd >= 0) {
    fd_ = work.new_fd;
    ReadFileState();
    rotate_failed_ = false;
    retry_at_ = 0;  // a failing file may be writable at its new place
  }
  if (!work.status.ok()) {
    stats_.last_error = std::string(what) + " " + path_ + ": " + work.status.message();
    spdlog::error("log file {}: {} failed: {}", path_, what, work.status.message());
    if (work.op == Op::kRotate) rotate_failed_ = true;
  }
  for (auto& callback : work.reopen_callbacks)
    callback(work.status);
  if (work.op == Op::kRotate && !work.rotated.empty()) {
    ++stats_.rotations;
    housekeeping_queue_.push_back(work.rotated);
    StartHousekeeping();
  }
}

void LogFile::StartHousekeeping() {
  if (housekeeping_running_ || housekeeping_queue_.empty()) return;
  if (!rotation_.compress && rotation_.retain <= 0) {
    housekeeping_queue_.clear();
    return;
  }
  auto* work = new HousekeepingWork;
  work->req.data = work;
  work->file = shared_from_this();
  work->path = path_;
  work->rotated = std::move(housekeeping_queue_.front());
  housekeeping_queue_.erase(housekeeping_queue_.begin());
  work->compress = rotation_.compress;
  work->retain = rotation_.retain;
  housekeeping_running_ = true;
  const int rc = uv_queue_work(
      loop_, &work->req,
      [](uv_work_t* req) {
        auto* w = static_cast<HousekeepingWork*>(req->data);
        NoThrow("log file gzip work", [w] {
          if (w->compress) w->status = GzipAndRemove(w->rotated);
          if (w->retain > 0) {
            Status pruned = PruneRotated(w->path, w->retain);
            if (w->status.ok()) w->status = pruned;
          }
        });
      },
      &LogFile::OnHousekeepingDone);
  if (rc < 0) OnHousekeepingDone(&work->req, rc);
}

void LogFile::OnHousekeepingDone(uv_work_t* req, int /*status*/) {
  std::unique_ptr<HousekeepingWork> work(static_cast<HousekeepingWork*>(req->data));
  std::shared_ptr<LogFile> keep = work->file;
  keep->housekeeping_running_ = false;
  NoThrow("log file gzip callback", [&] {
    if (!work->status.ok()) {
      keep->stats_.last_error = work->status.message();
      spdlog::warn("log file {}: after rotation: {}", keep->path_, work->status.message());
    }
    keep->StartHousekeeping();
  });
}

}  // namespace tend

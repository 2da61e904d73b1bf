#include "daemon/logs/log_file_registry.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <utility>

#include "config/no_throw.h"
#include "config/wall_clock.h"

namespace tend {
namespace {

struct TruncateWork {
  uv_work_t req{};
  std::string path;
  std::function<void(Status)> done;
  Status status;
};

}  // namespace

LogFileRegistry::LogFileRegistry(uv_loop_t* loop) : loop_(loop), interval_timer_(new uv_timer_t) {
  uv_timer_init(loop_, interval_timer_);
  interval_timer_->data = this;
  uv_unref(reinterpret_cast<uv_handle_t*>(interval_timer_));
}

LogFileRegistry::~LogFileRegistry() {
  uv_close(reinterpret_cast<uv_handle_t*>(interval_timer_),
           [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
}

std::shared_ptr<LogFile> LogFileRegistry::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : it->second.lock();
}

Result<std::shared_ptr<LogFile>> LogFileRegistry::Open(const std::string& path,
                                                       const RotationOptions& rotation) {
  TEND_RETURN_IF_ERROR(CheckRotateInterval(rotation.interval));
  std::shared_ptr<LogFile> file = Find(path);
  if (file) {
    file->SetRotation(rotation);
  } else {
    Result<std::shared_ptr<LogFile>> opened = LogFile::Open(loop_, path, rotation);
    if (!opened.ok()) return opened.status();
    file = std::move(opened.value());
    files_[path] = file;
  }
  if (!rotation.interval.empty()) ArmIntervalTimer();
  return file;
}

// The outcomes of one ReopenAll, gathered until the last reopen reports.
struct LogFileRegistry::ReopenTally {
  size_t remaining = 0;
  std::vector<std::string> reopened;
  std::vector<Status> failures;
  std::function<void(std::vector<std::string>, std::vector<Status>)> done;
  void Count(const std::string& path, const Status& s) {
    if (s.ok()) {
      reopened.push_back(path);
    } else {
      failures.push_back(s);
    }
    Release();
  }
  void Release() {
    if (--remaining == 0 && done) done(std::move(reopened), std::move(failures));
  }
};

void LogFileRegistry::ReopenAll(
    std::function<void(std::vector<std::string>, std::vector<Status>)> done) {
  std::vector<std::shared_ptr<LogFile>> open;
  for (const std::string& path : OpenPaths()) {
    if (auto file = Find(path)) open.push_back(std::move(file));
  }
  auto tally = std::make_shared<ReopenTally>();
  tally->remaining = open.size() + 1;  // + 1: none reports before all are asked
  tally->done = std::move(done);
  for (auto& file : open) {
    file->Reopen([tally, path = file->path()](Status s) { tally->Count(path, s); });
  }
  tally->Release();
}

void LogFileRegistry::Flush(const std::string& path, std::function<void(Status)> done) {
  if (auto file = Find(path)) {
    file->Truncate(std::move(done));
    return;
  }
  // Nobody writes it now: truncate in the thread pool; never create it.
  auto* work = new TruncateWork;
  work->req.data = work;
  work->path = path;
  work->done = std::move(done);
  const int rc = uv_queue_work(
      loop_, &work->req,
      [](uv_work_t* req) {
        auto* w = static_cast<TruncateWork*>(req->data);
        NoThrow("log flush work", [w] {
          const int fd = open(w->path.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
          if (fd < 0) {
            const int err = errno;
            w->status = Status::FromErrno("flush " + w->path, err);
          } else {
            close(fd);
          }
        });
      },
      [](uv_work_t* req, int) {
        std::unique_ptr<TruncateWork> w(static_cast<TruncateWork*>(req->data));
        NoThrow("log flush callback", [&] { w->done(w->status); });
      });
  if (rc < 0) {
    std::unique_ptr<TruncateWork> w(work);
    w->done(Status::Internal(std::string("uv_queue_work: ") + uv_strerror(rc)));
  }
}

void LogFileRegistry::WhenAllIdle(std::function<void()> done) {
  std::vector<std::shared_ptr<LogFile>> open;
  for (const std::string& path : OpenPaths()) {
    if (auto file = Find(path)) open.push_back(std::move(file));
  }
  if (open.empty()) {
    done();
    return;
  }
  auto remaining = std::make_shared<size_t>(open.size());
  auto shared_done = std::make_shared<std::function<void()>>(std::move(done));
  for (auto& file : open) {
    file->WhenIdle([remaining, shared_done] {
      if (--*remaining == 0) (*shared_done)();
    });
  }
}

std::optional<LogFileStats> LogFileRegistry::Stats(const std::string& path) const {
  if (auto file = Find(path)) return file->stats();
  return std::nullopt;
}

std::vector<std::string> LogFileRegistry::OpenPaths() const {
  std::vector<std::string> paths;
  for (const auto& [path, weak] : files_) {
    if (!weak.expired()) paths.push_back(path);
  }
  return paths;
}

void LogFileRegistry::RotateDueFiles(int64_t unix_ms) {
  bool any_interval = false;
  for (auto it = files_.begin(); it != files_.end();) {
    std::shared_ptr<LogFile> file = it->second.lock();
    if (!file) {
      it = files_.erase(it);  // closed files are forgotten here
      continue;
    }
    if (!file->rotation().interval.empty()) {
      any_interval = true;
      file->CheckIntervalRotation(unix_ms);
    }
    ++it;
  }
  timer_armed_ = false;
  if (any_interval) ArmIntervalTimer();
}

void LogFileRegistry::ArmIntervalTimer() {
  if (timer_armed_) return;
  timer_armed_ = true;
  const int64_t delay = MillisToNextHour(WallMs());
  uv_timer_start(interval_timer_, &LogFileRegistry::OnIntervalTimer, static_cast<uint64_t>(delay),
                 0);
}

void LogFileRegistry::OnIntervalTimer(uv_timer_t* timer) {
  auto* self = static_cast<LogFileRegistry*>(timer->data);
  NoThrow("log rotation timer callback", [self] { self->RotateDueFiles(WallMs()); });
}

}  // namespace tend

#include "daemon/logs/log_file.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "config/no_throw.h"
#include "config/wall_clock.h"
#include "daemon/logs/log_file_open.h"

namespace tend {
namespace {}  // namespace

Result<std::shared_ptr<LogFile>> LogFile::Open(uv_loop_t* loop, const std::string& path,
                                               const RotationOptions& rotation) {
  TEND_RETURN_IF_ERROR(CheckRotateInterval(rotation.interval));
  Result<int> fd = OpenLogFd(path);
  if (!fd.ok()) return fd.status();
  std::shared_ptr<LogFile> file(new LogFile(loop, path, *fd, rotation));
  return file;
}

LogFile::LogFile(uv_loop_t* loop, std::string path, int fd, RotationOptions rotation)
    : loop_(loop), path_(std::move(path)), fd_(fd), rotation_(std::move(rotation)) {
  discard_ = path_ == "/dev/null";
  ReadFileState();
  period_ = RotationPeriod(rotation_.interval, WallMs());
}

LogFile::~LogFile() {
  if (!pending_.empty()) {
    spdlog::warn("log file {}: closed with {} bytes unwritten", path_, pending_.size());
  }
  if (fd_ >= 0) close(fd_);
  if (wake_timer_ != nullptr) {
    uv_close(reinterpret_cast<uv_handle_t*>(wake_timer_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_timer_t*>(handle); });
  }
}

uv_fs_t& LogFile::FsRequest() {
  if (!fs_req_) fs_req_ = std::make_unique<uv_fs_t>();
  return *fs_req_;
}

void LogFile::ReadFileState() {
  struct stat st {};
  if (fstat(fd_, &st) == 0) {
    regular_ = S_ISREG(st.st_mode);
    size_ = regular_ ? st.st_size : 0;
  }
}

void LogFile::Append(std::string_view bytes) {
  if (discard_) {
    stats_.bytes_written += bytes.size();
    return;
  }
  if (failing_ && pending_bytes() + bytes.size() > high_watermark_) {
    // The disk refuses our bytes: drop rather than block the app forever.
    stats_.bytes_dropped += bytes.size();
    dropped_since_failure_ += bytes.size();
    return;
  }
  pending_.append(bytes.data(), bytes.size());
  stats_.max_pending_bytes = std::max<uint64_t>(stats_.max_pending_bytes, pending_bytes());
  UpdateCongestion();
  Pump();
}

void LogFile::Rotate() {
  WriteHeldBytes();
  rotate_requested_ = true;
  Pump();
}

void LogFile::Reopen(std::function<void(Status)> done) {
  if (done) reopen_callbacks_.push_back(std::move(done));
  WriteHeldBytes();
  reopen_requested_ = true;
  Pump();
}

void LogFile::Truncate(std::function<void(Status)> done) {
  pending_.clear();  // written before the flush was asked for
  truncate_callbacks_.push_back(std::move(done));
  UpdateCongestion();
  Pump();
}

void LogFile::WhenIdle(std::function<void()> done) {
  idle_callbacks_.push_back(std::move(done));
  force_write_ = true;
  Pump();
}

void LogFile::SetRotation(const RotationOptions& rotation) {
  if (rotation.interval != rotation_.interval) {
    period_ = RotationPeriod(rotation.interval, WallMs());
  }
  rotation_ = rotation;
  rotate_failed_ = false;
}

void LogFile::CheckIntervalRotation(int64_t unix_ms) {
  const int64_t period = RotationPeriod(rotation_.interval, unix_ms);
  if (period == period_) return;
  period_ = period;
  Rotate();
}

void LogFile::AddFeeder(LogFileFeeder* feeder) {
  feeders_.push_back(feeder);
  if (congested_) feeder->OnLogFileCongested();
}

void LogFile::RemoveFeeder(LogFileFeeder* feeder) {
  feeders_.erase(std::remove(feeders_.begin(), feeders_.end(), feeder), feeders_.end());
}

LogFileStats LogFile::stats() const {
  LogFileStats out = stats_;
  out.pending_bytes = pending_bytes();
  out.size = size_;
  out.failing = failing_;
  return out;
}

void LogFile::SetWatermarks(size_t high, size_t low) {
  high_watermark_ = high;
  low_watermark_ = low;
}

void LogFile::SetCoalescing(uint64_t window_ns, uint64_t delay_ms) {
  coalesce_window_ns_ = window_ns;
  coalesce_delay_ms_ = delay_ms;
}

// The one place that decides what the file does next; at most one op at a time.
void LogFile::Pump() {
  if (op_ != Op::kNone) return;
  if (reopen_requested_) {
    reopen_requested_ = false;
    StartSwap(Op::kReopen);
  } else if (!truncate_callbacks_.empty()) {
    StartTruncate();
  } else if (rotate_requested_ && regular_ && size_ > 0) {
    rotate_requested_ = false;
    StartSwap(Op::kRotate);
  } else if (!pending_.empty() && (!failing_ || force_write_ || uv_now(loop_) >= retry_at_)) {
    rotate_requested_ = false;
    if (ShouldCoalesce()) return;
    std::shared_ptr<LogFile> keep = std::move(wake_self_);  // the write keeps it now
    StartWrite();
  } else {
    rotate_requested_ = false;
    if (pending_.empty()) FireIdleCallbacks();
  }
}

// A flood reads a pipe chunk every few dozen microseconds, and every write is a
// hand-off to the thread pool and back. Bytes that arrive within the window
// (kCoalesceWindowNs) of the last write wait, kCoalesceDelayMs at most, for
// kCoalesceBytes to gather; a line after a quiet spell is written at once.
bool LogFile::ShouldCoalesce() {
  if (force_write_ || failing_ || pending_.size() >= kCoalesceBytes) return false;
  if (!coalescing_) {
    if (uv_hrtime() - last_write_done_ns_ >= coalesce_window_ns_) return false;
    coalescing_ = true;
    ArmWakeTimer(coalesce_delay_ms_);
  }
  if (!wake_self_) wake_self_ = shared_from_this();  // held bytes outlive their owners
  return true;
}

// Bytes appended before a rotation or reopen was asked for belong in the old file.
void LogFile::WriteHeldBytes() {
  if (!coalescing_ || op_ != Op::kNone || pending_.empty()) return;
  std::shared_ptr<LogFile> keep = std::move(wake_self_);  // the write keeps it now
  StartWrite();
}

void LogFile::FireIdleCallbacks() {
  if (idle_callbacks_.empty()) return;
  force_write_ = false;
  std::vector<std::function<void()>> callbacks;
  callbacks.swap(idle_callbacks_);
  for (auto& callback : callbacks)
    callback();
}

// With size rotation, a batch stops at the last whole line that fits, so a
// rotated file exceeds max_size only by a line longer than the room left.
size_t LogFile::BatchSize() const {
  if (rotation_.max_size <= 0 || !regular_ || rotate_failed_) return pending_.size();
  const int64_t room = rotation_.max_size - size_;
  if (room >= static_cast<int64_t>(pending_.size())) return pending_.size();
  size_t cut = room > 0 ? pending_.rfind('\n', static_cast<size_t>(room - 1)) : std::string::npos;
  if (cut == std::string::npos && size_ == 0) {  // an empty file gets at least one line
    cut = pending_.find('\n');
    if (cut == std::string::npos) return pending_.size();
  }
  return cut == std::string::npos ? 0 : cut + 1;  // 0: rotate first
}

void LogFile::StartWrite() {
  const size_t take = BatchSize();
  if (take == 0) {  // the next line does not fit: rotate first
    rotate_requested_ = true;
    Pump();
    return;
  }
  if (take == pending_.size()) {
    inflight_.swap(pending_);
  } else {
    inflight_.assign(pending_, 0, take);
    pending_.erase(0, take);
    batch_cut_for_rotation_ = true;
  }
  inflight_offset_ = 0;
  IssueWrite();
}

void LogFile::IssueWrite() {
  uv_buf_t buf = uv_buf_init(inflight_.data() + inflight_offset_,
                             static_cast<unsigned>(inflight_.size() - inflight_offset_));
  uv_fs_t& req = FsRequest();
  req.data = this;
  op_ = Op::kWrite;
  ++stats_.writes;
  self_ = shared_from_this();
  const int rc = uv_fs_write(loop_, &req, fd_, &buf, 1, -1, &LogFile::OnWriteDone);
  if (rc < 0) {
    op_ = Op::kNone;
    std::shared_ptr<LogFile> keep = std::move(self_);
    FinishWrite(rc);
  }
}

void LogFile::OnWriteDone(uv_fs_t* req) {
  auto* file = static_cast<LogFile*>(req->data);
  const ssize_t result = req->result;
  uv_fs_req_cleanup(req);
  std::shared_ptr<LogFile> keep = std::move(file->self_);
  file->op_ = Op::kNone;
  file->last_write_done_ns_ = uv_hrtime();
  NoThrow("log file write callback", [&] { file->FinishWrite(result); });
}

void LogFile::FinishWrite(ssize_t result) {
  if (result > 0) {
    stats_.bytes_written += static_cast<uint64_t>(result);
    size_ += result;
    inflight_offset_ += static_cast<size_t>(result);
    if (inflight_offset_ < inflight_.size()) {
      IssueWrite();  // a short write: the rest follows, still one op in flight
      return;
    }
    if (failing_) RecordRecovery();
  } else {
    const std::string reason =
        result == 0 ? "wrote nothing" : uv_strerror(static_cast<int>(result));
    // Keep the unwritten bytes for the retry: after a short write the file ends
    // mid-line and the rest of that line must follow, not a later one.
    pending_.insert(0, inflight_, inflight_offset_, std::string::npos);
    batch_cut_for_rotation_ = false;
    RecordWriteFailure(reason);
  }
  inflight_.clear();
  inflight_offset_ = 0;
  if (inflight_.capacity() > 4 * high_watermark_) inflight_.shrink_to_fit();
  if (rotation_.max_size > 0 && regular_ && !rotate_failed_ &&
      (size_ >= rotation_.max_size || batch_cut_for_rotation_)) {
    rotate_requested_ = true;
  }
  batch_cut_for_rotation_ = false;
  UpdateCongestion();
  Pump();
}

void LogFile::RecordWriteFailure(const std::string& reason) {
  stats_.last_error = "write " + path_ + ": " + reason;
  if (!failing_) {
    spdlog::error(
        "log file {}: write failed ({}); holding up to {} bytes, then dropping lines until it "
        "is writable again",
        path_, reason, high_watermark_);
  }
  failing_ = true;
  ReportDrops(reason);
  retry_at_ = uv_now(loop_) + kRetryDelayMs;
  ArmWakeTimer(kRetryDelayMs);
  if (force_write_) {  // closing: no more attempts, what is left is lost
    stats_.bytes_dropped += pending_.size();
    dropped_since_failure_ += pending_.size();
    pending_.clear();
  }
}

// A long outage must show in tendd.log before it ends: what was dropped so
// far, at most once a minute.
void LogFile::ReportDrops(const std::string& reason) {
  const uint64_t now = uv_now(loop_);
  if (dropped_since_failure_ == drops_reported_) return;
  if (drops_reported_ != 0 && now - drops_reported_at_ < kDropReportIntervalMs) return;
  spdlog::warn("log file {}: still failing ({}); {} bytes dropped so far", path_, reason,
               dropped_since_failure_);
  drops_reported_ = dropped_since_failure_;
  drops_reported_at_ = now;
}

// Wakes Pump for a retry while the file fails (without it, lines held would
// wait for the app's next line) or once coalesced bytes have waited enough. A
// retry does not keep the loop running; held bytes do, for their millisecond.
void LogFile::ArmWakeTimer(uint64_t delay_ms) {
  if (wake_timer_ == nullptr) {
    wake_timer_ = new uv_timer_t;
    uv_timer_init(loop_, wake_timer_);
    wake_timer_->data = this;
  }
  auto* handle = reinterpret_cast<uv_handle_t*>(wake_timer_);
  if (coalescing_ && !failing_) {
    uv_ref(handle);
  } else {
    uv_unref(handle);
  }
  uv_timer_start(wake_timer_, &LogFile::OnWakeTimer, delay_ms, 0);
}

void LogFile::OnWakeTimer(uv_timer_t* timer) {
  auto* file = static_cast<LogFile*>(timer->data);
  std::shared_ptr<LogFile> keep = std::move(file->wake_self_);  // may be the last owner
  file->coalescing_ = false;
  file->last_write_done_ns_ = 0;
  NoThrow("log file timer callback", [file] { file->Pump(); });
}

void LogFile::RecordRecovery() {
  spdlog::warn("log file {}: writable again; {} bytes were dropped meanwhile", path_,
               dropped_since_failure_);
  failing_ = false;
  dropped_since_failure_ = 0;
  drops_reported_ = 0;
}

void LogFile::UpdateCongestion() {
  const size_t pending = pending_bytes();
  bool notify_congested;
  if (!congested_ && !failing_ && pending > high_watermark_) {
    notify_congested = true;
  } else if (congested_ && (failing_ || pending < low_watermark_)) {
    notify_congested = false;
  } else {
    return;
  }
  congested_ = notify_congested;
  if (notify_congested) ++stats_.congestions;
  const std::vector<LogFileFeeder*> feeders = feeders_;  // a feeder may remove itself
  for (LogFileFeeder* feeder : feeders) {
    if (notify_congested) {
      feeder->OnLogFileCongested();
    } else {
      feeder->OnLogFileRelieved();
    }
  }
}

}  // namespace tend

#pragma once
// LogFile: one log file on disk, shared by every process that writes to that path.
// Append() never blocks the loop: lines are buffered and written by uv_fs_write
// (thread pool), one request at a time, each batching what accumulated (under a
// flood, bytes wait up to a millisecond for more to batch with); a line
// is appended whole, so lines from different writers never interleave. Rotation,
// reopen and truncation run between writes (no write in flight), so no line is
// lost or duplicated across them. Memory is bounded by the watermarks: above the
// high one the feeders are told to stop reading their pipes, below the low one
// to resume. A write error (disk full, EFBIG, EIO) never stops the daemon or the
// app: the unwritten bytes stay buffered and are retried every second (a timer);
// while the file keeps failing, lines that would take the buffer past the high
// watermark are dropped and counted, rather than holding the app back.
//
// Lifetime: held by shared_ptr; an operation in flight keeps the file alive, so
// the last owner may let go at any time. The fd is closed by the destructor.
// REQUIRES: every LogFile is gone before its loop is closed.

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"
#include "daemon/logs/log_rotation.h"

namespace tend {

// A writer into LogFiles (a ProcessOutput) told when to stop and resume reading.
class LogFileFeeder {
 public:
  virtual void OnLogFileCongested() = 0;
  virtual void OnLogFileRelieved() = 0;

 protected:
  virtual ~LogFileFeeder() = default;
};

struct LogFileStats {
  uint64_t bytes_written = 0;      // accepted by the OS
  uint64_t bytes_dropped = 0;      // lost to write errors or dropped while failing
  uint64_t pending_bytes = 0;      // buffered or in flight now
  uint64_t max_pending_bytes = 0;  // high-water mark since open
  uint64_t rotations = 0;
  uint64_t congestions = 0;  // times the feeders were told to stop reading
  uint64_t writes = 0;       // write requests issued
  int64_t size = 0;          // current size as tracked (regular files)
  bool failing = false;
  std::string last_error;  // "" if none
};

class LogFile : public std::enable_shared_from_this<LogFile> {
 public:
  static constexpr size_t kHighWatermark = 1024 * 1024;
  static constexpr size_t kLowWatermark = 256 * 1024;
  static constexpr uint64_t kRetryDelayMs = 1000;
  static constexpr uint64_t kDropReportIntervalMs = 60 * 1000;
  static constexpr size_t kCoalesceBytes = 256 * 1024;
  static constexpr uint64_t kCoalesceWindowNs = 1000 * 1000;
  static constexpr uint64_t kCoalesceDelayMs = 1;

  // Opens synchronously, so that a bad path is an error the caller sees now:
  // O_WRONLY|O_APPEND|O_CREAT|O_NOFOLLOW|O_CLOEXEC, mode 0640. Paths under /dev/
  // may be links (/dev/stdout); "/dev/null" is not written at all.
  static Result<std::shared_ptr<LogFile>> Open(uv_loop_t* loop, const std::string& path,
                                               const RotationOptions& rotation);
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  // Appends complete formatted bytes (one or more whole lines, or a piece).
  void Append(std::string_view bytes);
  // Rotates now (between writes) if the file is a non-empty regular file.
  void Rotate();
  // Reopens the path (after an external rename, `tend reloadLogs`); `done`, when
  // given, gets the outcome (an error names the path; the old fd is kept then).
  void Reopen(std::function<void(Status)> done = nullptr);
  // Empties the file (`tend flush`); lines still buffered are discarded too.
  void Truncate(std::function<void(Status)> done);
  // `done` runs once nothing is buffered or in flight (a failing file gets one
  // last attempt; what still fails is counted as dropped).
  void WhenIdle(std::function<void()> done);

  void SetRotation(const RotationOptions& rotation);
  // Called by the registry's timer: rotates when the interval period changed.
  void CheckIntervalRotation(int64_t unix_ms);

  // A feeder added while the file is congested is told at once.
  void AddFeeder(LogFileFeeder* feeder);
  void RemoveFeeder(LogFileFeeder* feeder);
  bool congested() const { return congested_; }

  const std::string& path() const { return path_; }
  const RotationOptions& rotation() const { return rotation_; }
  LogFileStats stats() const;
  // For tests. REQUIRES: low < high.
  void SetWatermarks(size_t high, size_t low);
  // For tests: how soon after a write bytes are held back, and for how long.
  void SetCoalescing(uint64_t window_ns, uint64_t delay_ms);

 private:
  enum class Op { kNone, kWrite, kTruncate, kRotate, kReopen };
  struct SwapWork;
  struct HousekeepingWork;

  LogFile(uv_loop_t* loop, std::string path, int fd, RotationOptions rotation);
  size_t pending_bytes() const { return pending_.size() + inflight_.size() - inflight_offset_; }
  void Pump();
  size_t BatchSize() const;
  void StartWrite();
  void IssueWrite();
  static void OnWriteDone(uv_fs_t* req);
  void FinishWrite(ssize_t result);
  void StartTruncate();
  static void OnTruncateDone(uv_fs_t* req);
  void FinishTruncate(int result);
  void StartSwap(Op op);
  static void RunSwap(uv_work_t* req);
  static void Swap(SwapWork& work);  // RunSwap's body: the thread pool's part
  static void OnSwapDone(uv_work_t* req, int status);
  void FinishSwap(SwapWork& work);
  void StartHousekeeping();
  static void OnHousekeepingDone(uv_work_t* req, int status);
  void RecordWriteFailure(const std::string& reason);
  void ReportDrops(const std::string& reason);
  void RecordRecovery();
  bool ShouldCoalesce();
  void WriteHeldBytes();
  void ArmWakeTimer(uint64_t delay_ms);
  static void OnWakeTimer(uv_timer_t* timer);
  void UpdateCongestion();
  void FireIdleCallbacks();
  void ReadFileState();
  uv_fs_t& FsRequest();

  uv_loop_t* loop_;
  std::string path_;
  int fd_;
  RotationOptions rotation_;
  bool discard_ = false;  // /dev/null
  bool regular_ = false;
  int64_t size_ = 0;
  int64_t period_ = 0;  // interval period of the current file

  std::string pending_;
  std::string inflight_;
  size_t inflight_offset_ = 0;
  Op op_ = Op::kNone;
  // The request of the write or truncate in flight; made by the first one (440
  // bytes that a file nobody writes to never needs), kept for the next ones.
  std::unique_ptr<uv_fs_t> fs_req_;
  std::shared_ptr<LogFile> self_;  // keeps the file alive while op_ != kNone

  bool reopen_requested_ = false;
  bool rotate_requested_ = false;
  bool rotate_failed_ = false;
  bool batch_cut_for_rotation_ = false;  // no size rotation until a reopen succeeds
  uint64_t rotation_sequence_ = 0;
  std::vector<std::function<void(Status)>> truncate_callbacks_;
  std::vector<std::function<void(Status)>> reopen_callbacks_;  // for the next reopen
  std::vector<std::function<void()>> idle_callbacks_;
  bool force_write_ = false;

  // Rotated files to compress/prune, oldest first; a few at most. A vector, not a
  // deque: a deque allocates ~600 bytes up front, for every log file.
  std::vector<std::string> housekeeping_queue_;
  bool housekeeping_running_ = false;

  bool failing_ = false;
  uint64_t retry_at_ = 0;
  // Heap, created on the first failure or coalesced write; freed by the loop.
  uv_timer_t* wake_timer_ = nullptr;
  uint64_t last_write_done_ns_ = 0;  // uv_hrtime when the last write finished
  uint64_t coalesce_window_ns_ = kCoalesceWindowNs;
  uint64_t coalesce_delay_ms_ = kCoalesceDelayMs;
  bool coalescing_ = false;             // bytes wait for the wake timer or kCoalesceBytes
  std::shared_ptr<LogFile> wake_self_;  // keeps the file alive while coalescing_
  uint64_t dropped_since_failure_ = 0;
  uint64_t drops_reported_ = 0;     // part of dropped_since_failure_ already in tendd.log
  uint64_t drops_reported_at_ = 0;  // uv_now of that report

  bool congested_ = false;
  size_t high_watermark_ = kHighWatermark;
  size_t low_watermark_ = kLowWatermark;
  std::vector<LogFileFeeder*> feeders_;

  LogFileStats stats_;
};

}  // namespace tend

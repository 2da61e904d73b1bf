#pragma once
// ProcessOutput: the output side of one managed process. Owns the two pipes the
// child writes its stdout and stderr into, splits what arrives into lines and
// hands them to its log files (shared LogFiles from the registry: the lines of
// one read go in one append) and, as one batch per read, to its line sink (the
// process's ring of recent lines and `tend logs`). Never blocks: when a file it
// feeds is congested it stops reading both pipes (the child then blocks on a
// full pipe and nothing is lost) until the file is relieved. Memory per process
// is bounded: one read chunk, per stream a partial line, the last line completed
// from it and one gathered long line. A line costs no allocation on the way: the
// sink gets runs of lines borrowed from the read buffer (LogLineRun), and in the
// raw format the complete lines of a read are one run that nothing splits.
//
// Pipes are real pipes (pipe2 with O_CLOEXEC), not libuv's UV_CREATE_PIPE
// socketpairs, so /dev/stdout and pipe sizing work in the child. The write ends
// stay blocking for the child.

#include <uv.h>

#include <array>
#include <functional>
#include <memory>
#include <vector>

#include "config/status.h"
#include "daemon/logs/log_file.h"
#include "daemon/logs/log_file_registry.h"
#include "daemon/logs/log_line_splitter.h"
#include "daemon/logs/log_options.h"
#include "daemon/os/fd_keeper.h"

namespace tend {

class ProcessOutput : private LogFileFeeder {
 public:
  static constexpr size_t kReadChunk = 64 * 1024;
  // Lines up to this size reach a file in one append, even when they arrive in
  // pieces of the splitter's cap; longer ones are appended in parts (which, in a
  // shared file, another process's line may separate).
  static constexpr size_t kMaxWholeLine = 1024 * 1024;
  // Runs handed to the sink at once, at most (lines from held bytes or of a
  // formatted stream may make many).
  static constexpr size_t kMaxBatch = 1024;

  // Opens the files (errors name the path) and creates the pipes.
  static Result<std::unique_ptr<ProcessOutput>> Create(uv_loop_t* loop, LogFileRegistry& registry,
                                                       const LogOptions& options);
  // The output of a process a previous daemon started: reads the pipes' read ends it
  // left with the fd holder (taken over; closed on error). No child ends.
  static Result<std::unique_ptr<ProcessOutput>> Adopt(uv_loop_t* loop, LogFileRegistry& registry,
                                                      const LogOptions& options,
                                                      std::array<int, 2> read_fds);
  // Safe at any time: pipes still open are closed (the loop frees them later).
  ~ProcessOutput() override;
  ProcessOutput(const ProcessOutput&) = delete;
  ProcessOutput& operator=(const ProcessOutput&) = delete;

  // The write ends, to hand to the child as its fds 1 and 2.
  // -1 after StartReading() or Close().
  int child_stdout_fd() const { return child_fds_[0]; }
  int child_stderr_fd() const { return child_fds_[1]; }

  // Call after the spawn: closes the daemon's copies of the write ends (so EOF
  // comes when the child and its descendants close theirs) and starts reading.
  void StartReading();
  void SetProcessId(int process_id) { options_.process_id = process_id; }
  // Leaves copies of the read ends with `keeper` under `key` (null: none), released when
  // this output is destroyed, so the pipes outlive a crash of the daemon.
  void KeepIn(FdKeeper* keeper, std::string key);
  // New paths, format or rotation (on restart or reloadLogs of a changed spec).
  // On error the previous files stay in use.
  Status Reconfigure(const LogOptions& options);

  // `callback` runs once both pipes reached end of file (every writer, the
  // grandchildren included, closed them). Runs at once if that already happened.
  void OnDrained(std::function<void()> callback);
  bool drained() const;
  // Emits a held partial line, closes the pipes; `on_closed` runs after libuv's
  // close callbacks (unless this object is destroyed first).
  void Close(std::function<void()> on_closed);

  // The lines of one read (or of the end of a stream), in order, as runs; their
  // texts are valid during the call only. One sink: a flood delivers millions of
  // lines. REQUIRES: the sink neither blocks nor destroys this ProcessOutput.
  using LineSink = std::function<void(const std::vector<LogLineRun>& runs)>;
  void SetLineSink(LineSink sink) { line_sink_ = std::move(sink); }

  bool reading_paused() const { return congested_files_ > 0; }
  const std::shared_ptr<LogFile>& out_file() const { return out_file_; }
  const std::shared_ptr<LogFile>& err_file() const { return err_file_; }
  const std::shared_ptr<LogFile>& combined_file() const { return combined_file_; }

 private:
  struct PipeReader;

  ProcessOutput(uv_loop_t* loop, LogFileRegistry& registry, const LogOptions& options);
  Status OpenFiles(const LogOptions& options);
  Status OpenPipes();
  Status OpenReaders(std::array<int, 2> read_fds);
  void ReleaseKept();
  std::vector<int> ReadFds() const;  // the readers' descriptors
  std::vector<LogFile*> DistinctFiles() const;
  void RegisterAsFeeder();
  void UnregisterAsFeeder();
  void UpdateReading();
  void Consume(LogStream stream, std::string_view data);
  void EndOfStream(PipeReader* reader);
  void FinishStream(LogStream stream);
  // The line's facts; keeps track of whether the next piece continues it.
  LogLineRef NextLine(LogStream stream, std::string_view text, LineEnd end, int64_t timestamp_ms);
  void EmitLine(LogStream stream, std::string_view text, LineEnd end, int64_t timestamp_ms);
  void AddLine(const LogLineRef& line);
  void AddRun(const LogLineRun& run);
  void DeliverLines();
  void FlushFormatted(LogStream stream);
  void AppendToFiles(LogStream stream, std::string_view bytes);
  void CloseChildFds();
  void OnLogFileCongested() override;
  void OnLogFileRelieved() override;
  static void OnAlloc(uv_handle_t* handle, size_t suggested, uv_buf_t* buf);
  static void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);
  static void OnReaderClosed(uv_handle_t* handle);

  uv_loop_t* loop_;
  LogFileRegistry& registry_;
  LogOptions options_;
  LogFormat format_;
  bool raw_ = true;  // lines go to the files as they came (no prefix, not JSON)
  std::shared_ptr<LogFile> out_file_;
  std::shared_ptr<LogFile> err_file_;
  std::shared_ptr<LogFile> combined_file_;  // null when none

  std::array<int, 2> child_fds_ = {-1, -1};
  std::array<PipeReader*, 2> readers_ = {nullptr, nullptr};  // freed by the loop
  std::array<LineSplitter, 2> splitters_;
  std::array<bool, 2> continuing_ = {false, false};
  // Per stream: formatted lines not yet appended to the files (those of the
  // current read, and the pieces of a long line gathered so far).
  std::array<std::string, 2> formatted_;
  std::array<size_t, 2> line_start_ = {0, 0};  // where the last line began in formatted_

  bool started_ = false;
  bool closing_ = false;
  int congested_files_ = 0;
  int open_readers_ = 0;
  std::function<void()> on_drained_;
  std::function<void()> on_closed_;

  FdKeeper* keeper_ = nullptr;  // where copies of the read ends are kept, if anywhere
  std::string kept_key_;

  LineSink line_sink_;
  std::vector<LogLineRun> runs_;  // the lines of the current read, for line_sink_
  std::string_view read_;         // the current read's buffer
};

}  // namespace tend

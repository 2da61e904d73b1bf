#include "daemon/logs/log_process_output.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <utility>

#include "config/no_throw.h"
#include "config/wall_clock.h"

namespace tend {

// Heap-allocated so the loop can finish closing it after the owner is gone.
struct ProcessOutput::PipeReader {
  uv_pipe_t handle{};
  ProcessOutput* owner = nullptr;  // null once the owner is destroyed
  LogStream stream = LogStream::kOut;
  bool reading = false;
  bool eof = false;
  bool closing = false;
};

namespace {

size_t IndexOf(LogStream stream) {
  return stream == LogStream::kOut ? 0 : 1;
}

}  // namespace

Result<std::unique_ptr<ProcessOutput>> ProcessOutput::Create(uv_loop_t* loop,
                                                             LogFileRegistry& registry,
                                                             const LogOptions& options) {
  std::unique_ptr<ProcessOutput> output(new ProcessOutput(loop, registry, options));
  TEND_RETURN_IF_ERROR(output->OpenFiles(options));
  TEND_RETURN_IF_ERROR(output->OpenPipes());
  output->RegisterAsFeeder();
  return output;
}

ProcessOutput::ProcessOutput(uv_loop_t* loop, LogFileRegistry& registry, const LogOptions& options)
    : loop_(loop), registry_(registry), options_(options), format_(FormatOf(options)) {
  raw_ = IsRaw(format_);
}

ProcessOutput::~ProcessOutput() {
  ReleaseKept();  // before the pipes close: the keeper must never hold a reused number
  UnregisterAsFeeder();
  CloseChildFds();
  for (PipeReader*& reader : readers_) {
    if (reader == nullptr) continue;
    reader->owner = nullptr;
    if (!reader->closing) {
      reader->closing = true;
      uv_close(reinterpret_cast<uv_handle_t*>(&reader->handle), &ProcessOutput::OnReaderClosed);
    }
    reader = nullptr;
  }
}

Status ProcessOutput::OpenFiles(const LogOptions& options) {
  const RotationOptions rotation = RotationOf(options);
  Result<std::shared_ptr<LogFile>> out = registry_.Open(options.out_path, rotation);
  if (!out.ok()) return out.status();
  Result<std::shared_ptr<LogFile>> err = registry_.Open(options.err_path, rotation);
  if (!err.ok()) return err.status();
  std::shared_ptr<LogFile> combined;
  if (!options.combined_path.empty()) {
    Result<std::shared_ptr<LogFile>> opened = registry_.Open(options.combined_path, rotation);
    if (!opened.ok()) return opened.status();
    combined = std::move(opened.value());
  }
  out_file_ = std::move(out.value());
  err_file_ = std::move(err.value());
  combined_file_ = std::move(combined);
  return Status::Ok();
}

Status ProcessOutput::OpenPipes() {
  std::array<int, 2> read_fds = {-1, -1};
  for (size_t i = 0; i < 2; ++i) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      const int err = errno;
      if (i == 1) close(read_fds[0]);
      return Status::FromErrno("pipe2 for process output", err);
    }
    child_fds_[i] = fds[1];
    read_fds[i] = fds[0];
  }
  return OpenReaders(read_fds);
}

Status ProcessOutput::OpenReaders(std::array<int, 2> read_fds) {
  for (size_t i = 0; i < 2; ++i) {
    auto* reader = new PipeReader;
    reader->owner = this;
    reader->stream = i == 0 ? LogStream::kOut : LogStream::kErr;
    reader->handle.data = reader;
    uv_pipe_init(loop_, &reader->handle, 0);
    readers_[i] = reader;
    ++open_readers_;
    const int rc = uv_pipe_open(&reader->handle, read_fds[i]);  // also makes it non-blocking
    if (rc < 0) {
      for (size_t j = i; j < 2; ++j)
        close(read_fds[j]);
      return Status::FromUv("uv_pipe_open", rc);
    }
  }
  return Status::Ok();
}

std::vector<int> ProcessOutput::ReadFds() const {
  std::vector<int> fds;
  for (PipeReader* reader : readers_) {
    uv_os_fd_t fd = -1;
    if (reader != nullptr && uv_fileno(reinterpret_cast<uv_handle_t*>(&reader->handle), &fd) == 0) {
      fds.push_back(fd);
    }
  }
  return fds;
}

void ProcessOutput::CloseChildFds() {
  for (int& fd : child_fds_) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
}

void ProcessOutput::StartReading() {
  CloseChildFds();
  started_ = true;
  UpdateReading();
}

std::vector<LogFile*> ProcessOutput::DistinctFiles() const {
  std::vector<LogFile*> files;
  for (const auto* file : {&out_file_, &err_file_, &combined_file_}) {
    if (*file && std::find(files.begin(), files.end(), file->get()) == files.end()) {
      files.push_back(file->get());
    }
  }
  return files;
}

void ProcessOutput::RegisterAsFeeder() {
  for (LogFile* file : DistinctFiles())
    file->AddFeeder(this);  // may count congestion now
}

void ProcessOutput::UnregisterAsFeeder() {
  for (LogFile* file : DistinctFiles())
    file->RemoveFeeder(this);
  congested_files_ = 0;
}

Status ProcessOutput::Reconfigure(const LogOptions& options) {
  TEND_RETURN_IF_ERROR(CheckRotateInterval(options.rotate_interval));
  std::shared_ptr<LogFile> old_out = out_file_, old_err = err_file_, old_combined = combined_file_;
  UnregisterAsFeeder();
  Status opened = OpenFiles(options);
  if (!opened.ok()) {
    out_file_ = std::move(old_out);
    err_file_ = std::move(old_err);
    combined_file_ = std::move(old_combined);
  } else {
    const int process_id = options_.process_id;
    options_ = options;
    if (options.process_id == 0) options_.process_id = process_id;
    format_ = FormatOf(options_);
    raw_ = IsRaw(format_);
  }
  RegisterAsFeeder();
  UpdateReading();
  return opened;
}

void ProcessOutput::UpdateReading() {
  for (PipeReader* reader : readers_) {
    if (reader == nullptr) continue;
    const bool want = started_ && !closing_ && !reader->eof && congested_files_ == 0;
    if (want == reader->reading) continue;
    auto* stream = reinterpret_cast<uv_stream_t*>(&reader->handle);
    const int rc = want ? uv_read_start(stream, &ProcessOutput::OnAlloc, &ProcessOutput::OnRead)
                        : uv_read_stop(stream);
    if (rc < 0) {
      spdlog::error("process {} output: {}: {}", options_.process_id,
                    want ? "uv_read_start" : "uv_read_stop", uv_strerror(rc));
      continue;
    }
    reader->reading = want;
  }
}

void ProcessOutput::OnLogFileCongested() {
  ++congested_files_;
  UpdateReading();
}

void ProcessOutput::OnLogFileRelieved() {
  if (congested_files_ > 0) --congested_files_;
  UpdateReading();
}

void ProcessOutput::OnAlloc(uv_handle_t* handle, size_t /*suggested*/, uv_buf_t* buf) {
  auto* reader = static_cast<PipeReader*>(handle->data);
  if (reader->owner == nullptr) {
    *buf = uv_buf_init(nullptr, 0);  // libuv reports UV_ENOBUFS and stops
    return;
  }
  // One buffer per thread, not per process: libuv calls alloc, read and the
  // read callback back to back, and each chunk is consumed inside the callback.
  // 64 KiB per process added up to megabytes with a hundred apps.
  *buf = uv_buf_init(nullptr, 0);
  NoThrow("process output alloc callback", [buf] {
    thread_local std::unique_ptr<char[]> shared_buffer(new char[kReadChunk]);
    *buf = uv_buf_init(shared_buffer.get(), kReadChunk);
  });
}

void ProcessOutput::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* reader = static_cast<PipeReader*>(stream->data);
  ProcessOutput* self = reader->owner;
  if (self == nullptr || nread == 0) return;
  NoThrow("process output read callback", [&] {
    if (nread > 0) {
      self->Consume(reader->stream, std::string_view(buf->base, static_cast<size_t>(nread)));
      return;
    }
    if (nread != UV_EOF) {
      spdlog::warn("process {} {}: read: {}", self->options_.process_id, StreamName(reader->stream),
                   uv_strerror(static_cast<int>(nread)));
    }
    self->EndOfStream(reader);
  });
}

void ProcessOutput::Consume(LogStream stream, std::string_view data) {
  // One clock read per chunk: its lines arrived together.
  const int64_t now = WallMs();
  const size_t index = IndexOf(stream);
  LineSplitter& splitter = splitters_[index];
  read_ = data;
  if (raw_ && splitter.held_bytes() == 0 && formatted_[index].empty() && !continuing_[index]) {
    // A raw file gets the child's bytes unchanged, whatever pieces the splitter
    // would make of them: the complete lines of this read go to the files in
    // one slice of the read buffer, and to the sink as one run. No line is in
    // progress, and each is shorter than a read, so none would have been capped.
    static_assert(kReadChunk <= LineSplitter::kDefaultMaxLine);
    const size_t last_newline = data.rfind('\n');
    if (last_newline != std::string_view::npos) {
      AppendToFiles(stream, data.substr(0, last_newline + 1));
      AddRun({stream, data.substr(0, last_newline), LineEnd::kNewline, false, now,
              options_.process_id});
      data.remove_prefix(last_newline + 1);
    }
  }
  splitter.Feed(data, [this, stream, now](std::string_view text, LineEnd end) {
    EmitLine(stream, text, end, now);
  });
  FlushFormatted(stream);
  DeliverLines();
  read_ = {};
}

void ProcessOutput::FinishStream(LogStream stream) {
  const int64_t now = WallMs();
  splitters_[IndexOf(stream)].Finish([this, stream, now](std::string_view text, LineEnd end) {
    EmitLine(stream, text, end, now);
  });
  FlushFormatted(stream);
  DeliverLines();
}

// Lines read back to back from the same buffer join the run before them, so a
// formatted flood still reaches the ring as a few runs per read.
void ProcessOutput::AddLine(const LogLineRef& line) {
  if (!runs_.empty() && !line.continuation) {
    LogLineRun& run = runs_.back();
    const char* run_end = run.text.data() + run.text.size();
    const auto in_read = [this](const char* p) {  // std::less: a total order on pointers
      const std::less<const char*> before;
      return !before(p, read_.data()) && before(p, read_.data() + read_.size());
    };
    if (run.last_end == LineEnd::kNewline && run.stream == line.stream &&
        in_read(run.text.data()) && in_read(run_end) && in_read(line.text.data()) &&
        line.text.data() == run_end + 1) {
      run.text = std::string_view(run.text.data(), run.text.size() + 1 + line.text.size());
      run.last_end = line.end;
      return;
    }
  }
  AddRun(LogLineRun::Of(line));
}

void ProcessOutput::AddRun(const LogLineRun& run) {
  runs_.push_back(run);
  if (runs_.size() == kMaxBatch) DeliverLines();
}

void ProcessOutput::DeliverLines() {
  if (!runs_.empty() && line_sink_) line_sink_(runs_);
  runs_.clear();
}

void ProcessOutput::EndOfStream(PipeReader* reader) {
  if (reader->reading) uv_read_stop(reinterpret_cast<uv_stream_t*>(&reader->handle));
  reader->reading = false;
  reader->eof = true;
  FinishStream(reader->stream);
  if (drained()) ReleaseKept();  // every writer let go: nothing left for a next daemon
  if (drained() && on_drained_) {
    auto callback = std::move(on_drained_);
    on_drained_ = nullptr;
    callback();
  }
}

LogLineRef ProcessOutput::NextLine(LogStream stream, std::string_view text, LineEnd end,
                                   int64_t timestamp_ms) {
  const size_t index = IndexOf(stream);
  const LogLineRef line{stream, text, end, continuing_[index], timestamp_ms, options_.process_id};
  continuing_[index] = end == LineEnd::kCapped;
  return line;
}

void ProcessOutput::EmitLine(LogStream stream, std::string_view text, LineEnd end,
                             int64_t timestamp_ms) {
  const LogLineRef line = NextLine(stream, text, end, timestamp_ms);
  std::string& formatted = formatted_[IndexOf(stream)];
  if (!line.continuation) line_start_[IndexOf(stream)] = formatted.size();
  AppendFormattedLine(format_, line, &formatted);
  AddLine(line);
}

// Appends the formatted lines to the files in one go. The pieces of a long line
// are held back until it ends, so a shared file gets them contiguous; past
// kMaxWholeLine they go in parts.
void ProcessOutput::FlushFormatted(LogStream stream) {
  const size_t index = IndexOf(stream);
  std::string& formatted = formatted_[index];
  size_t upto = formatted.size();
  if (continuing_[index] && formatted.size() - line_start_[index] < kMaxWholeLine) {
    upto = line_start_[index];
  }
  if (upto == 0) return;
  AppendToFiles(stream, std::string_view(formatted.data(), upto));
  formatted.erase(0, upto);
  line_start_[index] = 0;
  if (formatted.capacity() > 4 * LineSplitter::kDefaultMaxLine) formatted.shrink_to_fit();
}

void ProcessOutput::AppendToFiles(LogStream stream, std::string_view bytes) {
  LogFile* target = stream == LogStream::kOut ? out_file_.get() : err_file_.get();
  target->Append(bytes);
  if (combined_file_ && combined_file_.get() != target) combined_file_->Append(bytes);
}

bool ProcessOutput::drained() const {
  for (const PipeReader* reader : readers_) {
    if (reader != nullptr && !reader->eof) return false;
  }
  return true;
}

void ProcessOutput::OnDrained(std::function<void()> callback) {
  if (drained() && started_) {
    callback();
    return;
  }
  on_drained_ = std::move(callback);
}

void ProcessOutput::Close(std::function<void()> on_closed) {
  ReleaseKept();
  CloseChildFds();
  closing_ = true;
  UpdateReading();
  for (PipeReader* reader : readers_) {
    if (reader != nullptr && !reader->eof) FinishStream(reader->stream);
  }
  on_closed_ = std::move(on_closed);
  for (PipeReader* reader : readers_) {
    if (reader != nullptr && !reader->closing) {
      reader->closing = true;
      uv_close(reinterpret_cast<uv_handle_t*>(&reader->handle), &ProcessOutput::OnReaderClosed);
    }
  }
  if (open_readers_ == 0 && on_closed_) {
    auto callback = std::move(on_closed_);
    on_closed_ = nullptr;
    callback();  // may destroy this
  }
}

void ProcessOutput::OnReaderClosed(uv_handle_t* handle) {
  std::unique_ptr<PipeReader> reader(static_cast<PipeReader*>(handle->data));
  ProcessOutput* self = reader->owner;
  if (self == nullptr) return;
  for (PipeReader*& slot : self->readers_) {
    if (slot == reader.get()) slot = nullptr;
  }
  if (--self->open_readers_ == 0 && self->on_closed_) {
    auto callback = std::move(self->on_closed_);
    self->on_closed_ = nullptr;
    NoThrow("process output close callback", callback);
  }
}

}  // namespace tend

#pragma once
// DumpWriter: saves the process table to dump.json off the event loop (the
// fsyncs run on libuv's thread pool). Saves coalesce: while one is being
// written, later requests collapse into one more save of the newest table.
// SaveSoon (every transition: new pids in a crash loop) also waits kMinGapMs
// after the previous write, so a crash loop costs a few writes a second, not
// one per respawn; Save (what the user changed) goes at once.

#include <uv.h>

#include <functional>
#include <string>
#include <vector>

#include "config/status.h"
#include "daemon/os/uv_timer.h"
#include "daemon/persist/dump_format.h"

namespace tend {

class DumpWriter {
 public:
  using Snapshot = std::function<Dump()>;
  static constexpr int64_t kMinGapMs = 250;

  // `crash_point_prefix` names its test crash points (dump_store.h).
  DumpWriter(uv_loop_t* loop, std::string path, Snapshot snapshot,
             std::string crash_point_prefix = "dump")
      : loop_(loop),
        path_(std::move(path)),
        snapshot_(std::move(snapshot)),
        crash_point_prefix_(std::move(crash_point_prefix)),
        gap_timer_(loop) {}
  DumpWriter(const DumpWriter&) = delete;
  DumpWriter& operator=(const DumpWriter&) = delete;

  // Saves the table as it is now (or soon after); `done` gets the outcome of a
  // write that includes this request's state.
  void Save(std::function<void(Status)> done = nullptr);
  // Saves within kMinGapMs of the previous write (or at once if it is older).
  void SaveSoon();
  bool idle() const { return !in_flight_ && !pending_ && !gap_timer_.active(); }
  // Runs `fn` once no save is in flight or pending (daemon exit waits for it).
  void WhenIdle(std::function<void()> fn);

 private:
  struct Work;
  void StartWrite();
  void Finished(Status status, std::vector<std::function<void(Status)>> waiters);

  uv_loop_t* loop_;
  std::string path_;
  Snapshot snapshot_;
  std::string crash_point_prefix_;
  bool in_flight_ = false;
  bool pending_ = false;         // a save was asked while one was in flight
  bool pending_urgent_ = false;  // ...and one of them by Save (no gap)
  std::vector<std::function<void(Status)>> next_waiters_;
  std::vector<std::function<void()>> idle_waiters_;
  Timer gap_timer_;
  int64_t last_write_ms_ = 0;  // monotonic, when the previous write finished
};

// The table's processes as dump records (pid, group and start time included,
// so a new daemon can stop what a crashed one left running).
class ProcessTable;
Dump SnapshotTable(ProcessTable& table);

}  // namespace tend

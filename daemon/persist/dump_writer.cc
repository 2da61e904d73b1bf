#include "daemon/persist/dump_writer.h"

#include <spdlog/spdlog.h>

#include "config/no_throw.h"
#include "config/wall_clock.h"
#include "daemon/os/proc_stat.h"
#include "daemon/persist/dump_store.h"
#include "daemon/supervise/process_table.h"

namespace tend {

struct DumpWriter::Work {
  uv_work_t req{};
  DumpWriter* writer;
  std::string path;
  std::string crash_point_prefix;
  Dump dump;
  Status status;
  std::vector<std::function<void(Status)>> waiters;
};

void DumpWriter::Save(std::function<void(Status)> done) {
  if (done) next_waiters_.push_back(std::move(done));
  gap_timer_.Stop();
  if (in_flight_) {
    pending_ = true;
    pending_urgent_ = true;
    return;
  }
  StartWrite();
}

void DumpWriter::SaveSoon() {
  if (in_flight_) {
    pending_ = true;
    return;
  }
  if (gap_timer_.active()) return;
  const int64_t wait = last_write_ms_ + kMinGapMs - MonoMs();
  if (wait <= 0) {
    StartWrite();
    return;
  }
  gap_timer_.Start(wait, [this] { StartWrite(); });
}

void DumpWriter::StartWrite() {
  in_flight_ = true;
  pending_ = false;
  pending_urgent_ = false;
  gap_timer_.Stop();
  auto* work = new Work;
  work->req.data = work;
  work->writer = this;
  work->path = path_;
  work->crash_point_prefix = crash_point_prefix_;
  work->dump = snapshot_();
  work->waiters = std::move(next_waiters_);
  next_waiters_.clear();
  const int rc = uv_queue_work(
      loop_, &work->req,
      [](uv_work_t* req) {
        auto* w = static_cast<Work*>(req->data);
        // Only this thread touches *w now. A throw must not read as "saved".
        w->status = Status::Internal("saving " + w->path + " failed unexpectedly");
        NoThrow("dump write work",
                [w] { w->status = SaveDump(w->path, w->dump, w->crash_point_prefix); });
      },
      [](uv_work_t* req, int) {
        auto* w = static_cast<Work*>(req->data);
        NoThrow("dump write callback",
                [w] { w->writer->Finished(w->status, std::move(w->waiters)); });
        delete w;
      });
  if (rc < 0) {
    Status s = Status::FromUv("cannot queue the dump write", rc);
    auto waiters = std::move(work->waiters);
    delete work;
    Finished(s, std::move(waiters));
  }
}

void DumpWriter::Finished(Status status, std::vector<std::function<void(Status)>> waiters) {
  in_flight_ = false;
  last_write_ms_ = MonoMs();
  if (!status.ok()) spdlog::error("saving {}: {}", path_, status.message());
  for (auto& w : waiters)
    w(status);
  if (pending_ || !next_waiters_.empty()) {
    StartWrite();
    return;
  }
  auto idle = std::move(idle_waiters_);
  idle_waiters_.clear();
  for (auto& fn : idle)
    fn();
}

void DumpWriter::WhenIdle(std::function<void()> fn) {
  if (idle()) {
    fn();
    return;
  }
  idle_waiters_.push_back(std::move(fn));
}

Dump SnapshotTable(ProcessTable& table) {
  Dump dump;
  dump.next_id = table.next_id();
  for (auto* p : table.All()) {
    DumpedProcess d;
    d.pm_id = p->id();
    d.spec = p->spec();
    d.instance = p->instance();
    d.status = std::string(StateName(p->state()));
    d.restarts = p->restarts();
    d.created_at_ms = p->created_at_ms();
    d.pid = p->pid();
    d.pgid = d.pid;  // each child leads its own group (setsid)
    if (d.pid > 0) {
      auto st = ReadProcStatOnly(kProcRoot, d.pid);
      if (st.ok()) d.start_time = st->start_time_ticks;
    }
    dump.processes.push_back(std::move(d));
  }
  return dump;
}

}  // namespace tend

#include "daemon/supervise/rolling_reload.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "daemon/cluster/node_app.h"
#include "daemon/supervise/supervision.h"

namespace tend {

bool CanRollingReload(const AppSpec& spec) {
  return !spec.listen.empty() || UsesNodePreload(spec);
}

RollingReload::RollingReload(Supervision& supervision, std::string app,
                             std::function<void(Status)> done, ReloadWhy why)
    : supervision_(supervision),
      app_(std::move(app)),
      grace_(supervision.loop()),
      done_(std::move(done)),
      why_(std::move(why)) {}

void RollingReload::Run(Supervision& supervision, const std::string& app,
                        std::vector<ManagedProcess*> old, std::function<void(Status)> done,
                        ReloadWhy why) {
  std::sort(old.begin(), old.end(), [](ManagedProcess* a, ManagedProcess* b) {
    return a->instance() != b->instance() ? a->instance() < b->instance() : a->id() < b->id();
  });
  auto reload = std::shared_ptr<RollingReload>(
      new RollingReload(supervision, app, std::move(done), std::move(why)));
  for (auto* p : old)
    reload->old_ids_.push_back(p->id());
  supervision.reloading().insert(app);
  spdlog::info("app {}: rolling reload of {} instance(s)", app, old.size());
  reload->Step();
}

void RollingReload::Step() {
  if (supervision_.shutting_down())
    return Finish(Status::Unavailable("the daemon is shutting down"));
  if (next_ == old_ids_.size()) return Finish(Status::Ok());
  const int old_id = old_ids_[next_];
  ManagedProcess* old = supervision_.table().Find(old_id);
  if (old == nullptr) {  // deleted meanwhile: nothing to replace
    ++next_;
    return Step();
  }
  if (!HasChild(old->state())) {  // not serving: starting it is the whole reload
    (void)old->Start();
    ++next_;
    return Step();
  }
  auto& fresh = supervision_.table().Add(old->spec(), old->instance());
  const int fresh_id = fresh.id();
  // The replacement carries the instance's history: a reload counts as a restart and the
  // entry keeps its creation time, as PM2's restart_time and created_at do.
  fresh.RestoreCounters(old->restarts() + 1, old->created_at_ms());
  // A Node server's replacement is ready when it listens, as PM2 waits for 'listening'.
  fresh.set_await_listening(UsesNodePreload(fresh.spec()) && old->listening());
  spdlog::info("app {}: instance {}: replacement id {} for id {}", app_, old->instance(), fresh_id,
               old_id);
  fresh.NoteRestart(why_.cause, (why_.detail.empty() ? "" : why_.detail + "; ") +
                                    "rolling reload: replaces id " + std::to_string(old_id));
  if (Status s = fresh.Start(); !s.ok()) return Fail(fresh_id, "failed to start: " + s.message());
  auto self = shared_from_this();
  fresh.WhenOnline([self, old_id, fresh_id](bool online) {
    self->OnReplacementOnline(old_id, fresh_id, online);
  });
}

void RollingReload::OnReplacementOnline(int old_id, int fresh_id, bool online) {
  ManagedProcess* fresh = supervision_.table().Find(fresh_id);
  if (supervision_.shutting_down() || fresh == nullptr) {
    return Finish(Status::Unavailable("reload of '" + app_ + "' interrupted"));
  }
  if (!online) {
    return Fail(fresh_id, "did not come online (" + std::string(StateName(fresh->state())) +
                              (fresh->last_error().empty() ? "" : ": " + fresh->last_error()) +
                              ")");
  }
  if (fresh->AwaitsReadiness()) {
    if (fresh->ready_timed_out() && fresh->spec().reload_fail_on_timeout) {
      const char* what = fresh->spec().wait_ready ? "was not ready" : "did not listen";
      return Fail(fresh_id, std::string(what) + " within listen_timeout (" +
                                std::to_string(fresh->spec().listen_timeout_ms) +
                                " ms) and reload_fail_on_timeout is set");
    }
    return RetireOld(old_id);
  }
  auto self = shared_from_this();
  const int restarts = fresh->restarts();
  grace_.Start(kGraceMs, [self, old_id, fresh_id, restarts] {
    self->ReplacementHeld(old_id, fresh_id, restarts);
  });
}

void RollingReload::ReplacementHeld(int old_id, int fresh_id, int restarts_before) {
  ManagedProcess* fresh = supervision_.table().Find(fresh_id);
  if (supervision_.shutting_down() || fresh == nullptr) {
    return Finish(Status::Unavailable("reload of '" + app_ + "' interrupted"));
  }
  if (fresh->state() != ProcessState::kOnline || fresh->restarts() != restarts_before) {
    return Fail(fresh_id, "exited within " + std::to_string(kGraceMs) + " ms of starting");
  }
  RetireOld(old_id);
}

void RollingReload::RetireOld(int old_id) {
  ManagedProcess* old = supervision_.table().Find(old_id);
  if (old == nullptr) {
    ++next_;
    return Step();
  }
  auto self = shared_from_this();
  old->Stop([self, old_id] {
    // Removal waits for the next loop turn: we are inside the process's own callback.
    self->supervision_.Defer([self, old_id] {
      self->supervision_.table().Remove(old_id);
      self->supervision_.TableChanged(/*urgent=*/true);
      ++self->next_;
      self->Step();
    });
  });
}

void RollingReload::Fail(int fresh_id, const std::string& why) {
  const std::string message = "reload of '" + app_ + "' stopped: the replacement (id " +
                              std::to_string(fresh_id) + ") " + why +
                              "; the old instance keeps serving";
  spdlog::error("{}", message);
  ManagedProcess* fresh = supervision_.table().Find(fresh_id);
  auto self = shared_from_this();
  auto finish = [self, fresh_id, message] {
    self->supervision_.Defer([self, fresh_id, message] {
      self->supervision_.table().Remove(fresh_id);
      self->supervision_.TableChanged(/*urgent=*/true);
      self->Finish(Status::Unavailable(message));
    });
  };
  if (fresh == nullptr) return finish();
  fresh->Stop(finish);
}

void RollingReload::Finish(Status status) {
  grace_.Stop();
  supervision_.reloading().erase(app_);
  spdlog::info("app {}: reload {}", app_, status.ok() ? "done" : "failed");
  if (done_) {
    auto done = std::move(done_);
    done_ = nullptr;
    done(status);
  }
}

}  // namespace tend

#pragma once
// RollingReload: replaces the running instances of one app one at a time. For
// each: start a replacement (same instance index, a new pm_id), wait until it
// is online (READY=1 with wait_ready, else spawned and still up after a grace),
// then stop the old one gracefully. At no point are fewer instances ready than
// before. A replacement that fails is removed, the old one keeps serving, and
// the reload ends with that error. The app is marked busy while it runs.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/app_spec.h"
#include "config/status.h"
#include "daemon/os/uv_timer.h"
#include "daemon/supervise/restart_reasons.h"

namespace tend {

class Supervision;
class ManagedProcess;

// An app whose socket the daemon holds (`listen`, or a Node server through tend's preload)
// can be replaced without a refused connection; any other is restarted in place.
bool CanRollingReload(const AppSpec& spec);

// Why the replacements start: `tend reload`, or one instance past its memory limit.
struct ReloadWhy {
  RestartCause cause = RestartCause::kReload;
  std::string detail;  // before "rolling reload: replaces id N"
};

class RollingReload : public std::enable_shared_from_this<RollingReload> {
 public:
  // A replacement without wait_ready must stay up this long to count as started.
  static constexpr int64_t kGraceMs = 500;

  // `old` are the app's processes (any order); `done` gets the outcome once.
  static void Run(Supervision& supervision, const std::string& app,
                  std::vector<ManagedProcess*> old, std::function<void(Status)> done,
                  ReloadWhy why = ReloadWhy());

 private:
  RollingReload(Supervision& supervision, std::string app, std::function<void(Status)> done,
                ReloadWhy why);
  void Step();
  void OnReplacementOnline(int old_id, int fresh_id, bool online);
  void ReplacementHeld(int old_id, int fresh_id, int restarts_before);
  void RetireOld(int old_id);
  void Fail(int fresh_id, const std::string& why);
  void Finish(Status status);

  Supervision& supervision_;
  std::string app_;
  std::vector<int> old_ids_;  // by instance index
  size_t next_ = 0;
  Timer grace_;
  std::function<void(Status)> done_;
  ReloadWhy why_;
};

}  // namespace tend

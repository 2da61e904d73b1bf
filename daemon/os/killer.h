#pragma once
// Killer: the seam through which a supervisor signals its children and asks whether a
// stopped run has members left, so stops can be tested without processes. OsKiller is
// the real one (kill(2), /proc, the apps' cgroups); the fake lives with the unit tests.

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

class AppCgroups;

// One run of an app: its main process, which leads its own group, and the app's pm_id,
// which each of its descendants carries in its environment (os/child_marks.h).
struct AppRun {
  pid_t leader = 0;
  int pm_id = -1;
};

class Killer {
 public:
  virtual ~Killer() = default;
  // kill(pid, signum).
  virtual Status Signal(pid_t pid, int signum) = 0;
  // Every process of the run: its group, and each descendant that left the group
  // (setsid, a double fork). A run with no member left is not an error: every caller
  // signals a run to end it, and an empty run is ended.
  virtual Status SignalRun(const AppRun& run, int signum) = 0;
  // True while a process of the run is alive; zombies do not count.
  virtual bool RunHasLiveMember(const AppRun& run) = 0;
  // A new run's main process was spawned.
  virtual void Track(const AppRun& /*run*/) {}
  // A run a crashed daemon started is adopted, with the processes of it that the new
  // daemon found outside its group (its orphans went to init with the old daemon).
  virtual void TrackAdopted(const AppRun& /*run*/, const std::vector<pid_t>& /*outside*/) {}
  // The app of `pm_id` is deleted.
  virtual void Forget(int /*pm_id*/) {}
};

class OsKiller : public Killer {
 public:
  OsKiller(std::string proc_root, std::string home_root);
  ~OsKiller() override;
  // Where the daemon may make cgroups, each app's members are those of its cgroup too.
  void set_cgroups(std::unique_ptr<AppCgroups> cgroups);
  AppCgroups* cgroups() { return cgroups_.get(); }

  Status Signal(pid_t pid, int signum) override;
  Status SignalRun(const AppRun& run, int signum) override;
  bool RunHasLiveMember(const AppRun& run) override;
  void Track(const AppRun& run) override;
  void TrackAdopted(const AppRun& run, const std::vector<pid_t>& outside) override;
  void Forget(int pm_id) override;

  // The live processes of the run outside its group: its cgroup's, the descendants of its
  // leader, and the orphans this daemon inherited as subreaper that carry its marks, with
  // theirs.
  std::vector<pid_t> MembersOutsideGroup(const AppRun& run);

 private:
  std::string proc_root_;
  std::string home_root_;
  std::unique_ptr<AppCgroups> cgroups_;
  std::map<int, std::vector<pid_t>> adopted_outside_;  // pm_id -> found at its adoption
};

}  // namespace tend

#pragma once
// Killer: the seam through which a supervisor signals its children and asks whether
// a stopped group has members left, so stops can be tested without processes.
// OsKiller is the real one (kill(2) and /proc); the fake lives with the unit tests.

#include <sys/types.h>

#include "config/status.h"

namespace tend {

class Killer {
 public:
  virtual ~Killer() = default;
  // kill(pid, signum).
  virtual Status Signal(pid_t pid, int signum) = 0;
  // kill(-pgid, signum). A group with no member left is not an error: every caller
  // signals a group to end it, and an empty group is ended.
  virtual Status SignalGroup(pid_t pgid, int signum) = 0;
  // True while a member of group `pgid` runs; zombies do not count.
  virtual bool GroupHasLiveMember(pid_t pgid) = 0;
};

class OsKiller : public Killer {
 public:
  Status Signal(pid_t pid, int signum) override;
  Status SignalGroup(pid_t pgid, int signum) override;
  bool GroupHasLiveMember(pid_t pgid) override;
};

}  // namespace tend

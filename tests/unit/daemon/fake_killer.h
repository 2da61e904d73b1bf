#pragma once
// FakeKiller: a Killer that signals nothing. It records every signal in order, as
// "SIGINT 1000" (a pid) or "SIGKILL -1000" (a run: its group and its strays), and the test says
// whether a run still has live members.

#include <set>
#include <string>
#include <vector>

#include "config/signal_names.h"
#include "daemon/os/killer.h"

namespace tend::fake {

class FakeKiller : public Killer {
 public:
  Status Signal(pid_t pid, int signum) override {
    sent.push_back(SignalName(signum) + " " + std::to_string(pid));
    return Status::Ok();
  }
  Status SignalRun(const AppRun& run, int signum) override {
    sent.push_back(SignalName(signum) + " -" + std::to_string(run.leader));
    return Status::Ok();
  }
  bool RunHasLiveMember(const AppRun& run) override { return live_groups.count(run.leader) != 0; }

  std::vector<std::string> sent;
  std::set<pid_t> live_groups;  // empty: every group is gone once its leader exits
};

}  // namespace tend::fake

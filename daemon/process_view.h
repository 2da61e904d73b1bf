#pragma once
// The `list`/`describe` answer: each process's own facts plus what the
// daemon observes from outside (cpu, memory, user).

#include <nlohmann/json.hpp>
#include <vector>

namespace tend {

class Daemon;
class ManagedProcess;

// `brief` leaves out each spec's environment, the bulk of a list that only a
// table will show (jlist, describe and env ask for everything).
nlohmann::json ProcessesToJson(Daemon& daemon, const std::vector<ManagedProcess*>& procs,
                               bool brief = false);

}  // namespace tend

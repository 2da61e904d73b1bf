#pragma once
// The `list`/`describe` answer: each process's own facts plus what the
// daemon observes from outside (cpu, memory, user).

#include <nlohmann/json.hpp>
#include <vector>

namespace tend {

class Daemon;
class ManagedProcess;

nlohmann::json ProcessesToJson(Daemon& daemon, const std::vector<ManagedProcess*>& procs);

}  // namespace tend

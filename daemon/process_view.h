#pragma once
// The `list`/`describe` answer: each process's own facts plus what the
// daemon observes from outside (cpu, memory, user).

#include <vector>

#include <nlohmann/json.hpp>

namespace tend {

class Daemon;
class ManagedProcess;

nlohmann::json ProcessesToJson(Daemon& daemon, const std::vector<ManagedProcess*>& procs);

}  // namespace tend

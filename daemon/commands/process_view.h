#pragma once
// The `list`/`describe` answer: each process's own facts plus what the
// daemon observes from outside (cpu, memory, user).

#include <nlohmann/json.hpp>
#include <vector>

namespace tend {

class CommandContext;
class ManagedProcess;

// `brief` keeps only what the process table shows (no spec, environment, log
// paths or stats): most of a list's size and cost (jlist, describe, env and
// --json ask for everything).
nlohmann::json ProcessesToJson(CommandContext& ctx, const std::vector<ManagedProcess*>& procs,
                               bool brief = false);

}  // namespace tend

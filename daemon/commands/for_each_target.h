#pragma once
// The steps the verbs on targets share (stop, restart, delete, reset, signal): read
// `targets`, resolve them, read `brief`, act on each process, wait for every one to
// finish, then answer with the processes still in the table, or with the first error.
// A verb supplies only what differs: a check before acting, the act, and (delete) the
// answer. Describe, reload, logs and flush share the first steps (ResolveTargets...).

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "config/status.h"

namespace tend {

class CommandContext;
class ManagedProcess;
class Reply;

// args.targets, resolved: the union of the matches, sorted by pm_id.
Result<std::vector<ManagedProcess*>> ResolveTargets(CommandContext& ctx,
                                                    const nlohmann::json& args);
// The same, but every process when args.targets is absent or empty (logs, flush).
Result<std::vector<ManagedProcess*>> ResolveTargetsOrAll(CommandContext& ctx,
                                                         const nlohmann::json& args);

struct TargetAction {
  using Done = std::function<void(Status)>;
  // Optional: refuses the request before anything is done (its error is the answer).
  std::function<Status(const std::vector<ManagedProcess*>&)> check;
  // Acts on one process; calls `done` once, now or later. REQUIRES: set.
  std::function<void(ManagedProcess&, bool brief, Done done)> act;
  // Optional: the answer once every act is done without error. Default: the targets
  // still in the table, in pm_id order.
  std::function<void(const std::shared_ptr<Reply>&)> answer;
};

void ForEachTarget(CommandContext& ctx, const nlohmann::json& args,
                   const std::shared_ptr<Reply>& reply, TargetAction action);

}  // namespace tend

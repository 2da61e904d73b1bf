// Commands that read state: ping, list, describe, pid, kill (which stops the daemon).
#include <unistd.h>

#include "config/wall_clock.h"
#include "daemon/command_args.h"
#include "daemon/command_table.h"
#include "daemon/daemon.h"
#include "daemon/process_view.h"
#include "daemon/reply.h"

namespace tend {

void HandlePing(Daemon&, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  reply->Ok({{"pong", true}, {"version", TEND_VERSION}, {"pid", ::getpid()}});
}

void HandleList(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  auto brief = BoolArg(args, "brief", false);
  if (!brief.ok()) return reply->Fail(brief.status());
  reply->Ok(ProcessesToJson(daemon, daemon.table().All(), *brief));
}

void HandleDescribe(Daemon& daemon, const nlohmann::json& args,
                    const std::shared_ptr<Reply>& reply) {
  auto targets = TargetsArg(args);
  if (!targets.ok()) return reply->Fail(targets.status());
  auto procs = daemon.table().Resolve(*targets);
  if (!procs.ok()) return reply->Fail(procs.status());
  reply->Ok(ProcessesToJson(daemon, *procs));
}

void HandlePid(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  std::vector<ManagedProcess*> procs = daemon.table().All();
  if (args.contains("targets")) {
    auto targets = TargetsArg(args);
    if (!targets.ok()) return reply->Fail(targets.status());
    auto found = daemon.table().Resolve(*targets);
    if (!found.ok()) return reply->Fail(found.status());
    procs = *found;
  }
  auto pids = nlohmann::json::array();
  for (auto* p : procs)
    pids.push_back(p->pid());
  reply->Ok(pids);
}

void HandleKill(Daemon& daemon, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  // Answer once every app has stopped, just before the socket closes.
  const size_t count = daemon.table().All().size();
  daemon.Shutdown([reply, count] { reply->Ok({{"stopped", count}, {"pid", ::getpid()}}); });
}

}  // namespace tend

// `restart <targets>`: each target stopped and started again, optionally with a new env.
#include <map>
#include <optional>
#include <string>

#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleRestart(CommandContext& ctx, const nlohmann::json& args,
                   const std::shared_ptr<Reply>& reply) {
  // --update-env: the CLI's current environment replaces the captured one.
  auto env = std::make_shared<std::optional<std::map<std::string, std::string>>>();
  TargetAction restart;
  restart.check = [&args, env](const std::vector<ManagedProcess*>&) {
    auto parsed = EnvArg(args, ipc::arg::kEnv);
    if (!parsed.ok()) return parsed.status();
    *env = std::move(parsed).value();
    return Status::Ok();
  };
  restart.act = [env](ManagedProcess& p, bool, TargetAction::Done done) {
    if (*env) {
      AppSpec spec = p.spec();
      spec.env = **env;
      p.ReplaceSpec(std::move(spec));
    }
    p.Restart(RestartCause::kManual, std::move(done));
  };
  ForEachTarget(ctx, args, reply, std::move(restart));
}

}  // namespace tend

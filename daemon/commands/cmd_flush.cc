// `flush [targets]`: truncate the targets' log files.
#include <algorithm>

#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleFlush(CommandContext& ctx, const nlohmann::json& args,
                 const std::shared_ptr<Reply>& reply) {
  auto procs = ResolveTargetsOrAll(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  std::vector<std::string> paths;
  for (auto* p : *procs) {
    const LogOptions o = p->CurrentLogOptions();
    for (const auto& path : {o.out_path, o.err_path, o.combined_path}) {
      if (!path.empty() && path != "/dev/null" &&
          std::find(paths.begin(), paths.end(), path) == paths.end()) {
        paths.push_back(path);
      }
    }
  }
  auto first_error = std::make_shared<Status>();
  auto done = Countdown::Make(paths.size(), [reply, paths, first_error] {
    if (!first_error->ok()) return reply->Fail(*first_error);
    reply->Ok({{"flushed", paths}});
  });
  for (const auto& path : paths) {
    ctx.logs().Flush(path, [done, first_error](Status s) {
      if (!s.ok() && s.code() != Code::kNotFound && first_error->ok()) *first_error = s;
      done->Arrive();
    });
  }
}

}  // namespace tend

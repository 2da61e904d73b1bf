// `reloadLogs`: reopen every log file (after an external logrotate), making the
// home's logs folder again first if it was removed. Answers once every reopen has
// finished, with the files that failed (the CLI then exits 3 naming them).
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandleReloadLogs(CommandContext& ctx, const nlohmann::json&,
                      const std::shared_ptr<Reply>& reply) {
  std::vector<std::string> failures;
  if (Status s = ctx.home().EnsureLogsDir(); !s.ok()) failures.push_back(s.message());
  ctx.logs().ReopenAll([reply, failures = std::move(failures)](std::vector<std::string> reopened,
                                                               std::vector<Status> failed) mutable {
    for (const Status& s : failed)
      failures.push_back(s.message());
    reply->Ok({{"reopened", reopened}, {"failures", failures}});
  });
}

}  // namespace tend

// `ping`: the daemon answers, with its version and pid.
#include <unistd.h>

#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/reply.h"

namespace tend {

void HandlePing(CommandContext&, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  reply->Ok({{"pong", true}, {"version", TEND_VERSION}, {"pid", ::getpid()}});
}

}  // namespace tend

// `logs [targets]` (a stream): past lines from each process's ring, then live ones.
#include <algorithm>

#include "config/byte_string_json.h"
#include "daemon/commands/command_args.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/command_table.h"
#include "daemon/commands/for_each_target.h"
#include "daemon/commands/reply.h"

namespace tend {
namespace {

// A reader whose socket holds this much unsent is skipping lines (it is never
// allowed to slow the app or grow the daemon's memory).
constexpr size_t kMaxQueuedBytes = 4u << 20;

nlohmann::json LineEvent(const ManagedProcess& p, const LogLineRef& line) {
  return {{"pm_id", p.id()},
          {"name", p.spec().name},
          {"stream", StreamName(line.stream)},
          {"ts", line.timestamp_ms},
          {"text", BytesToJson(line.text)}};
}

bool Wanted(const std::string& which, const LogLineRef& line) {
  return which.empty() || which == StreamName(line.stream);
}

void SendHistory(const std::vector<ManagedProcess*>& procs, size_t count, const std::string& which,
                 Reply& reply) {
  std::vector<std::pair<const ManagedProcess*, LogLine>> lines;
  for (auto* p : procs) {
    for (auto& l : p->recent_lines().Last(count * 2)) {
      if (Wanted(which, l.ref())) lines.emplace_back(p, std::move(l));
    }
    // Keep only this process's last `count` lines of the wanted streams.
    size_t mine = 0;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      mine += it->first == p ? 1 : 0;
    for (auto it = lines.begin(); mine > count && it != lines.end();) {
      if (it->first == p) {
        it = lines.erase(it);
        --mine;
      } else {
        ++it;
      }
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](auto& a, auto& b) { return a.second.timestamp_ms < b.second.timestamp_ms; });
  for (const auto& [p, l] : lines)
    reply.Event(LineEvent(*p, l.ref()));
}

}  // namespace

void HandleLogs(CommandContext& ctx, const nlohmann::json& args,
                const std::shared_ptr<Reply>& reply) {
  auto procs = ResolveTargetsOrAll(ctx, args);
  if (!procs.ok()) return reply->Fail(procs.status());
  auto lines = IntArg(args, ipc::arg::kLines, 15);
  if (!lines.ok()) return reply->Fail(lines.status());
  auto which = StringArg(args, ipc::arg::kStream, "");
  if (!which.ok()) return reply->Fail(which.status());
  auto follow = BoolArg(args, ipc::arg::kFollow, true);
  if (!follow.ok()) return reply->Fail(follow.status());
  if (*lines > 0) SendHistory(*procs, static_cast<size_t>(*lines), *which, *reply);
  if (!*follow) return reply->End();
  // Live lines until the client goes away. A process deleted meanwhile simply
  // stops; the stream stays open even with nothing to follow (as `pm2 logs`).
  reply->connection()->OnClose([reply] {});
  auto skipped = std::make_shared<uint64_t>(0);
  const std::string stream = *which;
  for (auto* p : *procs) {
    const int id = p->id();
    const uint64_t sub = p->SubscribeLines([reply, p, skipped, stream](const LogLineRef& line) {
      if (!Wanted(stream, line)) return;
      if (reply->connection()->queued_bytes() > kMaxQueuedBytes) {
        ++*skipped;
        return;
      }
      if (*skipped > 0) {
        reply->Event({{"skipped", *skipped}});
        *skipped = 0;
      }
      reply->Event(LineEvent(*p, line));
    });
    reply->connection()->OnClose([&ctx, id, sub] {
      if (auto* proc = ctx.table().Find(id)) proc->UnsubscribeLines(sub);
    });
  }
}

}  // namespace tend

#include "daemon/commands/pm2_list_cache.h"

#include <utility>

#include "config/pm2_jlist.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/process_view.h"
#include "daemon/supervise/managed_process.h"

namespace tend {

std::vector<std::string> Pm2ListCache::Entries(CommandContext& ctx,
                                               const std::vector<ManagedProcess*>& procs) {
  // The run state of every process, as the table shows it: cheap, and all that changes.
  const nlohmann::json briefs = ProcessesToJson(ctx, procs, /*brief=*/true);
  std::unordered_map<int, Entry> kept;
  kept.reserve(procs.size());
  std::vector<std::string> out;
  out.reserve(procs.size());
  for (size_t i = 0; i < procs.size(); ++i) {
    const ManagedProcess& p = *procs[i];
    auto it = entries_.find(p.id());
    Entry entry;
    if (it != entries_.end() && it->second.spec_version == p.spec_version()) {
      entry = std::move(it->second);
    } else {
      entry = Entry{p.spec_version(), pm2::StableMembers(p.ToJson())};
    }
    out.push_back(pm2::EntryText(briefs[i], entry.members));
    kept.emplace(p.id(), std::move(entry));
  }
  entries_ = std::move(kept);
  return out;
}

}  // namespace tend

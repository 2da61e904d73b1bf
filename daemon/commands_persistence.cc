// Commands that persist: save, resurrect, cleardump, set, get.
#include "daemon/command_args.h"
#include "daemon/command_table.h"
#include "daemon/daemon.h"
#include "daemon/dump_store.h"
#include "daemon/process_view.h"
#include "daemon/reply.h"
#include "daemon/resurrect.h"

namespace tend {

void HandleSave(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  auto force = BoolArg(args, "force", false);
  if (!force.ok()) return reply->Fail(force.status());
  // PM2 refuses to overwrite a dump with nothing: that is almost always a mistake.
  if (daemon.table().empty() && !*force) {
    return reply->Fail(Status::InvalidArgument(
        "no process to save; use --force to save an empty list (or 'tend cleardump')"));
  }
  const size_t count = daemon.table().All().size();
  const std::string path = daemon.home().dump_path();
  daemon.dump_writer().Save([reply, count, path](Status s) {
    if (!s.ok()) return reply->Fail(s);
    reply->Ok({{"saved", count}, {"path", path}});
  });
}

void HandleResurrect(Daemon& daemon, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  // What the daemon's start found (a corrupt dump.json it moved aside) comes first.
  std::vector<std::string> warnings = daemon.TakeDumpLoadWarnings();
  auto loaded = LoadDump(daemon.home().dump_path());
  if (!loaded.ok()) {
    // The start moved the only dump aside: say so, not "no dump".
    if (!warnings.empty()) {
      std::string message;
      for (const auto& w : warnings)
        message += (message.empty() ? "" : "; ") + w;
      return reply->Fail(Status::InvalidArgument(message));
    }
    if (loaded.status().code() == Code::kNotFound) {
      return reply->Fail(Status::NotFound("no dump to resurrect at " + daemon.home().dump_path() +
                                          " (save one with 'tend save')"));
    }
    return reply->Fail(loaded.status());
  }
  warnings.insert(warnings.end(), loaded->warnings.begin(), loaded->warnings.end());
  auto outcome = Resurrect(daemon, loaded->dump);
  std::vector<ManagedProcess*> procs;
  for (int id : outcome.ids) {
    if (auto* p = daemon.table().Find(id)) procs.push_back(p);
  }
  reply->Ok({{"processes", ProcessesToJson(daemon, procs)},
             {"skipped", outcome.skipped},
             {"failures", outcome.failures},
             {"warnings", warnings},
             {"from_backup", loaded->from_backup}});
}

void HandleClearDump(Daemon& daemon, const nlohmann::json&, const std::shared_ptr<Reply>& reply) {
  Status s = ClearDump(daemon.home().dump_path());
  if (!s.ok()) return reply->Fail(s);
  reply->Ok({{"path", daemon.home().dump_path()}});
}

void HandleSet(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  auto key = StringArg(args, "key", "");
  auto value = StringArg(args, "value", "");
  if (!key.ok()) return reply->Fail(key.status());
  if (!value.ok()) return reply->Fail(value.status());
  Status s = daemon.settings().Set(*key, *value);
  if (!s.ok()) return reply->Fail(s);
  auto now = daemon.settings().Get(*key);
  reply->Ok({{"key", *key}, {"value", now.ok() ? *now : *value}});
}

void HandleGet(Daemon& daemon, const nlohmann::json& args, const std::shared_ptr<Reply>& reply) {
  auto key = StringArg(args, "key", "");
  if (!key.ok()) return reply->Fail(key.status());
  if (key->empty()) return reply->Ok(daemon.settings().All());
  auto value = daemon.settings().Get(*key);
  if (!value.ok()) return reply->Fail(value.status());
  reply->Ok({{"key", *key}, {"value", *value}});
}

}  // namespace tend

#pragma once
// ProcessTable: every managed process by stable numeric id (PM2's pm_id), and
// the one place where user targets (id, name, namespace, /regex/, all) are
// resolved to processes. Ids are never reused within a daemon's life.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/status.h"
#include "daemon/supervise/managed_process.h"

namespace tend {

class ProcessTable {
 public:
  explicit ProcessTable(ProcessContext context) : context_(std::move(context)) {}

  ManagedProcess& Add(AppSpec spec, int instance);
  // Re-creates a process with a known id (resurrect); next ids continue past it.
  ManagedProcess& AddWithId(int id, AppSpec spec, int instance);
  void Remove(int id);
  ManagedProcess* Find(int id);
  std::vector<ManagedProcess*> FindByName(const std::string& name);
  std::vector<ManagedProcess*> All();
  bool empty() const { return processes_.empty(); }
  int next_id() const { return next_id_; }
  void set_next_id(int id) { next_id_ = id > next_id_ ? id : next_id_; }

  // Each target may name several processes; the union is returned in id order,
  // without duplicates. An unknown target is NotFound naming it.
  Result<std::vector<ManagedProcess*>> Resolve(const std::vector<std::string>& targets);

 private:
  Result<std::vector<ManagedProcess*>> ResolveOne(const std::string& target);

  ProcessContext context_;
  std::map<int, std::unique_ptr<ManagedProcess>> processes_;
  // Ids by name, so a start of 1,000 apps is not 1,000 scans of the table.
  std::unordered_map<std::string, std::set<int>> ids_by_name_;
  int next_id_ = 0;
};

}  // namespace tend

#include "daemon/supervise/process_table.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace tend {
namespace {

bool IsNumber(const std::string& s) {
  return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

// `/pattern/`: RE2 (see docs/cli.md "Targets"), whose matching takes time linear in the
// name and no stack: std::regex overflowed the daemon's stack on a 20,000-byte name and
// took 13 s for `(a+)+$` on 29 bytes, blocking every client. RE2's own memory is bounded
// by max_mem (its default, 8 MiB); an over-large pattern is an error, not a stall.
Result<std::unique_ptr<RE2>> CompileTarget(const std::string& target) {
  RE2::Options options;
  options.set_log_errors(false);  // the reason goes back to the client, not into tendd.log
  auto re = std::make_unique<RE2>(target.substr(1, target.size() - 2), options);
  if (!re->ok()) {
    return Status::InvalidArgument("invalid regular expression " + target + ": " + re->error());
  }
  return re;
}

}  // namespace

ManagedProcess& ProcessTable::Add(AppSpec spec, int instance) {
  return AddWithId(next_id_, std::move(spec), instance);
}

ManagedProcess& ProcessTable::AddWithId(int id, AppSpec spec, int instance) {
  auto proc = std::make_unique<ManagedProcess>(context_, id, instance, std::move(spec));
  auto& ref = *proc;
  Remove(id);
  ids_by_name_[ref.spec().name].insert(id);
  processes_[id] = std::move(proc);
  next_id_ = std::max(next_id_, id + 1);
  return ref;
}

void ProcessTable::Remove(int id) {
  auto it = processes_.find(id);
  if (it == processes_.end()) return;
  auto named = ids_by_name_.find(it->second->spec().name);
  if (named != ids_by_name_.end()) {
    named->second.erase(id);
    if (named->second.empty()) ids_by_name_.erase(named);
  }
  processes_.erase(it);
}

ManagedProcess* ProcessTable::Find(int id) {
  auto it = processes_.find(id);
  return it == processes_.end() ? nullptr : it->second.get();
}

std::vector<ManagedProcess*> ProcessTable::FindByName(const std::string& name) {
  std::vector<ManagedProcess*> out;
  auto named = ids_by_name_.find(name);
  if (named == ids_by_name_.end()) return out;
  for (int id : named->second)
    out.push_back(processes_.at(id).get());
  return out;
}

std::vector<ManagedProcess*> ProcessTable::All() {
  std::vector<ManagedProcess*> out;
  out.reserve(processes_.size());
  for (auto& [id, p] : processes_)
    out.push_back(p.get());
  return out;
}

Result<std::vector<ManagedProcess*>> ProcessTable::ResolveOne(const std::string& target) {
  if (target == "all") return All();
  if (IsNumber(target)) {
    if (auto* p = Find(std::stoi(target))) return std::vector<ManagedProcess*>{p};
    return Status::NotFound("no process with id " + target);
  }
  if (target.size() >= 2 && target.front() == '/' && target.back() == '/') {
    auto re = CompileTarget(target);
    if (!re.ok()) return re.status();
    std::vector<ManagedProcess*> out;
    for (auto& [id, p] : processes_) {
      if (RE2::PartialMatch(p->spec().name, **re)) out.push_back(p.get());
    }
    if (out.empty()) return Status::NotFound("no process name matches " + target);
    return out;
  }
  auto by_name = FindByName(target);
  if (!by_name.empty()) return by_name;
  std::vector<ManagedProcess*> by_namespace;
  for (auto& [id, p] : processes_) {
    if (p->spec().namespace_ == target) by_namespace.push_back(p.get());
  }
  if (!by_namespace.empty()) return by_namespace;
  return Status::NotFound("no process or namespace named '" + target + "'");
}

Result<std::vector<ManagedProcess*>> ProcessTable::Resolve(
    const std::vector<std::string>& targets) {
  if (targets.empty())
    return Status::InvalidArgument("no target given (an id, a name, a namespace, /regex/ or all)");
  std::set<int> seen;
  std::vector<ManagedProcess*> out;
  for (const auto& t : targets) {
    auto found = ResolveOne(t);
    if (!found.ok()) return found.status();
    for (auto* p : *found) {
      if (seen.insert(p->id()).second) out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->id() < b->id(); });
  return out;
}

}  // namespace tend

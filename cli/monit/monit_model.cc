#include "cli/monit/monit_model.h"

#include <algorithm>

#include "cli/render_fields.h"

namespace tend::cli {
namespace {

std::string LastRestart(const nlohmann::json& row) {
  auto it = row.find("restart_reasons");
  if (it == row.end() || !it->is_array() || it->empty()) return "";
  const nlohmann::json& last = it->back();
  const std::string detail = TextField(last, "detail");
  return TextField(last, "cause") + (detail.empty() ? "" : ": " + detail);
}

bool Matches(const MonitProcess& p, const std::string& filter) {
  return filter.empty() || p.name.find(filter) != std::string::npos ||
         p.namespace_.find(filter) != std::string::npos;
}

bool Before(const MonitProcess& a, const MonitProcess& b, MonitSort sort) {
  switch (sort) {
    case MonitSort::kCpu:
      if (a.cpu != b.cpu) return a.cpu > b.cpu;
      break;
    case MonitSort::kMemory:
      if (a.memory != b.memory) return a.memory > b.memory;
      break;
    case MonitSort::kName:
      if (a.name != b.name) return a.name < b.name;
      break;
    case MonitSort::kRestarts:
      if (a.restarts != b.restarts) return a.restarts > b.restarts;
      break;
    case MonitSort::kId:
      break;
  }
  return a.id < b.id;
}

}  // namespace

MonitHost HostFromJson(const nlohmann::json& host) {
  MonitHost h;
  if (!host.is_object()) return h;
  h.cpu = NumberField(host, "cpu");
  if (auto it = host.find("cores"); it != host.end() && it->is_array()) {
    for (const auto& core : *it)
      h.cores.push_back(core.is_number() ? core.get<double>() : 0.0);
  }
  h.mem_total = static_cast<uint64_t>(IntField(host, "mem_total"));
  h.mem_available = static_cast<uint64_t>(IntField(host, "mem_available"));
  h.swap_total = static_cast<uint64_t>(IntField(host, "swap_total"));
  h.swap_free = static_cast<uint64_t>(IntField(host, "swap_free"));
  if (auto it = host.find("load"); it != host.end() && it->is_array() && it->size() == 3) {
    for (size_t i = 0; i < 3; ++i)
      h.load[i] = (*it)[i].is_number() ? (*it)[i].get<double>() : 0.0;
  }
  h.uptime = NumberField(host, "uptime");
  h.usable_cpus = static_cast<int>(IntField(host, "usable_cpus"));
  return h;
}

MonitProcess* MonitModel::Find(int id) {
  for (auto& p : processes_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

void MonitModel::UpdateRow(MonitProcess& p, const nlohmann::json& row) {
  p.name = TextField(row, "name");
  p.namespace_ = TextField(row, "namespace", "default");
  p.status = TextField(row, "status");
  p.pid = static_cast<int>(IntField(row, "pid"));
  p.restarts = static_cast<int>(IntField(row, "restarts"));
  p.started_at = IntField(row, "started_at");
  if (row.contains("cpu")) p.cpu = NumberField(row, "cpu");
  if (row.contains("memory")) p.memory = static_cast<uint64_t>(IntField(row, "memory"));
  if (auto spec = row.find("spec"); spec != row.end() && spec->is_object()) {
    p.max_memory = IntField(*spec, "max_memory_restart");
  }
  if (row.contains("max_memory_restart")) p.max_memory = IntField(row, "max_memory_restart");
  p.last_restart = LastRestart(row);
}

void MonitModel::PushSample(MonitProcess& p) {
  p.cpu_history.push_back(p.cpu);
  p.memory_history.push_back(p.memory);
  while (p.cpu_history.size() > history_size_)
    p.cpu_history.pop_front();
  while (p.memory_history.size() > history_size_)
    p.memory_history.pop_front();
}

void MonitModel::ApplySnapshot(const nlohmann::json& snapshot, int64_t now_ms) {
  if (!snapshot.is_object()) return;
  now_ms_ = now_ms;
  history_size_ =
      static_cast<size_t>(std::max<int64_t>(1, IntField(snapshot, "history_size", 120)));
  host_ = HostFromJson(snapshot.value("host", nlohmann::json::object()));
  processes_.clear();
  for (const auto& row : snapshot.value("processes", nlohmann::json::array())) {
    if (!row.is_object()) continue;
    MonitProcess p;
    p.id = static_cast<int>(IntField(row, "pm_id"));
    UpdateRow(p, row);
    const nlohmann::json history = row.value("history", nlohmann::json::object());
    for (const auto& v : history.value("cpu", nlohmann::json::array()))
      p.cpu_history.push_back(v.is_number() ? v.get<double>() : 0.0);
    for (const auto& v : history.value("memory", nlohmann::json::array()))
      p.memory_history.push_back(v.is_number() ? v.get<uint64_t>() : 0);
    processes_.push_back(std::move(p));
  }
  if (Selected() == nullptr) Move(0);
}

void MonitModel::ApplySample(const nlohmann::json& sample, int64_t now_ms) {
  if (!sample.is_object()) return;
  now_ms_ = now_ms;
  host_ = HostFromJson(sample.value("host", nlohmann::json::object()));
  std::vector<MonitProcess> next;
  for (const auto& row : sample.value("processes", nlohmann::json::array())) {
    if (!row.is_object()) continue;
    const int id = static_cast<int>(IntField(row, "pm_id"));
    MonitProcess p;
    if (MonitProcess* known = Find(id)) p = std::move(*known);  // keeps its history
    p.id = id;
    UpdateRow(p, row);
    PushSample(p);
    next.push_back(std::move(p));
  }
  processes_ = std::move(next);  // a deleted process is absent from the sample
  if (Selected() == nullptr) Move(0);
}

void MonitModel::ApplyState(const nlohmann::json& state) {
  if (!state.is_object()) return;
  MonitProcess* p = Find(static_cast<int>(IntField(state, "pm_id")));
  if (p == nullptr) return;  // a new process comes with the next sample
  const nlohmann::json process = state.value("process", nlohmann::json::object());
  const double cpu = p->cpu;
  const uint64_t memory = p->memory;
  UpdateRow(*p, process);
  p->cpu = cpu;  // the state event carries no metrics
  p->memory = memory;
}

std::vector<const MonitProcess*> MonitModel::Visible() const {
  std::vector<const MonitProcess*> out;
  for (const auto& p : processes_) {
    if (Matches(p, filter_)) out.push_back(&p);
  }
  std::stable_sort(out.begin(), out.end(), [this](const MonitProcess* a, const MonitProcess* b) {
    return Before(*a, *b, sort_);
  });
  return out;
}

const MonitProcess* MonitModel::Selected() const {
  for (const MonitProcess* p : Visible()) {
    if (p->id == selected_id_) return p;
  }
  return nullptr;
}

void MonitModel::Move(int delta) {
  const std::vector<const MonitProcess*> rows = Visible();
  if (rows.empty()) {
    selected_id_ = -1;
    return;
  }
  int at = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]->id == selected_id_) at = static_cast<int>(i);
  }
  at = std::clamp(at + delta, 0, static_cast<int>(rows.size()) - 1);
  selected_id_ = rows[static_cast<size_t>(at)]->id;
}

void MonitModel::set_filter(std::string filter) {
  filter_ = std::move(filter);
  if (Selected() == nullptr) Move(0);
}

void MonitModel::AddLogLine(int id, std::string line) {
  if (id != log_id_) return;
  log_lines_.push_back(std::move(line));
  while (log_lines_.size() > kLogLines)
    log_lines_.pop_front();
}

void MonitModel::ClearLog(int id) {
  log_id_ = id;
  log_lines_.clear();
}

}  // namespace tend::cli

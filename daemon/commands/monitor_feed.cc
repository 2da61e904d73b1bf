#include "daemon/commands/monitor_feed.h"

#include <algorithm>
#include <unordered_set>

#include "config/cpu_count.h"
#include "config/no_throw.h"
#include "daemon/commands/command_context.h"
#include "daemon/commands/process_view.h"
#include "daemon/commands/reply.h"
#include "daemon/supervise/managed_process.h"

namespace tend {
namespace {

nlohmann::json HistoryToJson(const std::vector<MetricsPoint>& points) {
  auto cpu = nlohmann::json::array();
  auto memory = nlohmann::json::array();
  for (const MetricsPoint& point : points) {
    cpu.push_back(static_cast<double>(point.cpu_percent));
    memory.push_back(static_cast<uint64_t>(point.memory_kib) * 1024);
  }
  return {{"cpu", std::move(cpu)}, {"memory", std::move(memory)}};
}

// Brief process objects, with the memory limit a dashboard draws the memory against.
nlohmann::json Rows(CommandContext& ctx, const std::vector<ManagedProcess*>& procs) {
  nlohmann::json rows = ProcessesToJson(ctx, procs, true);
  for (size_t i = 0; i < procs.size(); ++i) {
    const int64_t limit = procs[i]->spec().max_memory_restart_bytes;
    if (limit > 0) rows[i]["max_memory_restart"] = limit;
  }
  return rows;
}

// A process in a sample: what a dashboard's row shows and no more (a brief process object
// is about twice this, and 500 of them every second made the stream the daemon's main cost).
nlohmann::json SampleRow(const ManagedProcess& p, const ProcessMetricsCache::Facts* facts) {
  nlohmann::json row = {{"pm_id", p.id()},
                        {"name", p.spec().name},
                        {"namespace", p.spec().namespace_},
                        {"status", StateName(p.state())},
                        {"pid", p.pid()},
                        {"restarts", p.restarts()},
                        {"started_at", p.started_at_ms()},
                        {"cpu", facts != nullptr ? facts->cpu_percent : 0.0},
                        {"memory", facts != nullptr ? facts->memory_bytes : 0}};
  if (p.spec().max_memory_restart_bytes > 0) {
    row["max_memory_restart"] = p.spec().max_memory_restart_bytes;
  }
  nlohmann::json reasons = p.restart_reasons().ToJson();
  if (reasons.is_array() && !reasons.empty()) {
    row["restart_reasons"] = nlohmann::json::array({reasons.back()});
  }
  return row;
}

}  // namespace

nlohmann::json HostToJson(const HostMetrics& host, int usable_cpus) {
  return {{"usable_cpus", usable_cpus},
          {"cpu", host.cpu_percent},
          {"cores", host.core_percent},
          {"cpus", host.cpus},
          {"mem_total", host.mem_total},
          {"mem_available", host.mem_available},
          {"swap_total", host.swap_total},
          {"swap_free", host.swap_free},
          {"load", {host.load1, host.load5, host.load15}},
          {"uptime", host.uptime_seconds}};
}

void MonitorFeed::Start(CommandContext& ctx, int64_t interval_ms,
                        std::function<void()> after_tick) {
  interval_ms_ = interval_ms;
  after_tick_ = std::move(after_tick);
  usable_cpus_ = UsableCpuCount();
  // A `list` between two ticks reads the last one.
  ctx.metrics().set_max_age_ms(interval_ms + interval_ms / 2);
  Tick(ctx);
  timer_.StartRepeating(interval_ms, [this, &ctx] { NoThrow("metrics tick", [&] { Tick(ctx); }); });
}

void MonitorFeed::Tick(CommandContext& ctx) {
  if (ctx.shutting_down()) return;
  std::vector<ManagedProcess*> procs = ctx.table().All();
  std::vector<pid_t> pids;
  std::unordered_set<int> ids;
  for (ManagedProcess* p : procs) {
    ids.insert(p->id());
    if (p->pid() > 0) pids.push_back(p->pid());
  }
  ctx.metrics().Refresh(pids);
  host_ = host_sampler_.Sample();
  auto facts = ctx.metrics().Get(pids);
  for (ManagedProcess* p : procs) {
    auto it = facts.find(p->pid());
    if (p->pid() > 0 && it != facts.end()) {
      history_.Record(p->id(), p->pid(), it->second.cpu_percent, it->second.memory_bytes);
    }
  }
  history_.ForgetAllBut(ids);
  if (after_tick_) after_tick_();
  subscribers_.erase(std::remove_if(subscribers_.begin(), subscribers_.end(),
                                    [](const auto& s) { return s->reply->connection()->closed(); }),
                     subscribers_.end());
  if (subscribers_.empty()) return;
  nlohmann::json rows = nlohmann::json::array();
  for (ManagedProcess* p : procs) {
    auto it = facts.find(p->pid());
    rows.push_back(SampleRow(*p, p->pid() > 0 && it != facts.end() ? &it->second : nullptr));
  }
  const nlohmann::json event = {
      {"sample", {{"host", HostToJson(host_, usable_cpus_)}, {"processes", std::move(rows)}}}};
  for (auto& s : subscribers_)
    Offer(*s, event);
}

void MonitorFeed::Offer(Subscriber& s, const nlohmann::json& event) {
  if (s.reply->connection()->queued_bytes() > kMaxQueuedBytes) {
    ++s.skipped;
    return;
  }
  if (s.skipped > 0) {
    s.reply->Event({{"skipped", s.skipped}});
    s.skipped = 0;
  }
  s.reply->Event(event);
}

void MonitorFeed::Subscribe(CommandContext& ctx, const std::shared_ptr<Reply>& reply) {
  std::vector<ManagedProcess*> procs = ctx.table().All();
  nlohmann::json rows = Rows(ctx, procs);
  for (size_t i = 0; i < procs.size(); ++i)
    rows[i]["history"] = HistoryToJson(history_.Points(procs[i]->id()));
  reply->Event({{"snapshot",
                 {{"interval_ms", interval_ms_},
                  {"history_size", MetricsHistory::kSamples},
                  {"host", HostToJson(host_, usable_cpus_)},
                  {"processes", std::move(rows)}}}});
  subscribers_.push_back(std::make_shared<Subscriber>(Subscriber{reply}));
  reply->connection()->OnClose([reply] {});  // the stream stays until the client leaves
}

void MonitorFeed::OnTransition(const ManagedProcess& p, ProcessState from, ProcessState to) {
  if (subscribers_.empty()) return;
  const nlohmann::json event = {{"state",
                                 {{"pm_id", p.id()},
                                  {"name", p.spec().name},
                                  {"from", StateName(from)},
                                  {"to", StateName(to)},
                                  {"process", p.ToJson(true)}}}};
  for (auto& s : subscribers_) {
    if (!s->reply->connection()->closed()) Offer(*s, event);
  }
}

}  // namespace tend

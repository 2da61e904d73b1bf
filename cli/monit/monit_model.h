#pragma once
// MonitModel: what `tend monit` shows, as data: the host, the processes with their recent
// samples, the filter, the sort order, the selection and the selected process's log lines.
// Fed by the daemon's `monitor` and `logs` events (docs/protocol.md); drawn by MonitScreen
// and by the text snapshot. No terminal here, so its rules are unit tested.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tend::cli {

struct MonitHost {
  double cpu = 0;
  std::vector<double> cores;
  uint64_t mem_total = 0, mem_available = 0, swap_total = 0, swap_free = 0;
  double load[3] = {0, 0, 0};
  double uptime = 0;
  int usable_cpus = 0;  // the daemon's cgroup quota and affinity
};

struct MonitProcess {
  int id = 0;
  std::string name, namespace_, status;
  int pid = 0;
  int restarts = 0;
  int64_t started_at = 0;
  double cpu = 0;
  uint64_t memory = 0;
  int64_t max_memory = 0;    // max_memory_restart in bytes; 0 = none
  std::string last_restart;  // "crash: code 1 after 120 ms", "" when none
  std::deque<double> cpu_history;
  std::deque<uint64_t> memory_history;
};

enum class MonitSort { kId, kCpu, kMemory, kName, kRestarts };

class MonitModel {
 public:
  static constexpr size_t kLogLines = 2000;  // kept for the selected process

  // Events of the `monitor` stream. A malformed event changes nothing.
  void ApplySnapshot(const nlohmann::json& snapshot, int64_t now_ms);
  void ApplySample(const nlohmann::json& sample, int64_t now_ms);
  void ApplyState(const nlohmann::json& state);

  // The processes shown: those matching the filter (a substring of the name or the
  // namespace; "" for all), in the sort order (ties by id).
  std::vector<const MonitProcess*> Visible() const;
  const MonitProcess* Selected() const;
  // Moves the selection by `delta` rows among the visible ones (clamped).
  void Move(int delta);
  void set_filter(std::string filter);
  const std::string& filter() const { return filter_; }
  void set_sort(MonitSort sort) { sort_ = sort; }
  MonitSort sort() const { return sort_; }

  // The selected process's log lines (the `logs` stream of its id, each event's frame text
  // as it came: LogEventText draws it). Switching to another process clears them: its
  // stream starts again with its past lines.
  void AddLogLine(int id, std::string line);
  void ClearLog(int id);
  int log_id() const { return log_id_; }
  const std::deque<std::string>& log_lines() const { return log_lines_; }

  const MonitHost& host() const { return host_; }
  int64_t now_ms() const { return now_ms_; }
  size_t history_size() const { return history_size_; }
  size_t skipped() const { return skipped_; }
  void AddSkipped(size_t n) { skipped_ += n; }

 private:
  MonitProcess* Find(int id);
  void UpdateRow(MonitProcess& p, const nlohmann::json& row);
  void PushSample(MonitProcess& p);

  MonitHost host_;
  std::vector<MonitProcess> processes_;
  std::string filter_;
  MonitSort sort_ = MonitSort::kId;
  int selected_id_ = -1;
  int log_id_ = -1;
  std::deque<std::string> log_lines_;
  size_t history_size_ = 120;
  size_t skipped_ = 0;
  int64_t now_ms_ = 0;
};

// The host of a snapshot or sample event.
MonitHost HostFromJson(const nlohmann::json& host);

}  // namespace tend::cli

#include "cli/list_sort.h"

#include <algorithm>
#include <array>

#include "cli/render_fields.h"

namespace tend::cli {
namespace {

constexpr std::array<const char*, 8> kFields = {"id",     "name",     "pid",    "cpu",
                                                "memory", "restarts", "uptime", "status"};

// What a field sorts by: a number, or for name and status a string.
double NumberKey(const nlohmann::json& p, const std::string& field) {
  if (field == "id") return static_cast<double>(IntField(p, "pm_id"));
  if (field == "pid") return static_cast<double>(IntField(p, "pid"));
  if (field == "cpu") return NumberField(p, "cpu");
  if (field == "memory") return static_cast<double>(IntField(p, "memory"));
  if (field == "restarts") return static_cast<double>(IntField(p, "restarts"));
  // uptime: the longest-running first is the earliest start; not running counts as none.
  const int64_t started = IntField(p, "started_at");
  return IsOnline(p) && started > 0 ? -static_cast<double>(started) : -1e18;
}

}  // namespace

Result<ListSort> ParseListSort(const std::string& text) {
  ListSort sort;
  const size_t colon = text.find(':');
  sort.field = text.substr(0, colon);
  if (sort.field == "mem") sort.field = "memory";
  if (colon != std::string::npos) {
    const std::string order = text.substr(colon + 1);
    if (order != "asc" && order != "desc") {
      return Status::InvalidArgument("--sort " + text + ": the order is asc or desc, not '" +
                                     order + "'");
    }
    sort.descending = order == "desc";
  }
  if (std::find(kFields.begin(), kFields.end(), sort.field) == kFields.end()) {
    return Status::InvalidArgument("--sort " + text +
                                   ": no such field (id, name, pid, cpu, memory, restarts, "
                                   "uptime, status; :asc or :desc after it)");
  }
  return sort;
}

void SortProcesses(nlohmann::json& processes, const ListSort& sort) {
  if (!processes.is_array()) return;
  const bool text = sort.field == "name" || sort.field == "status";
  std::stable_sort(processes.begin(), processes.end(),
                   [&](const nlohmann::json& a, const nlohmann::json& b) {
                     if (text) {
                       const std::string x = TextField(a, sort.field), y = TextField(b, sort.field);
                       return sort.descending ? y < x : x < y;
                     }
                     const double x = NumberKey(a, sort.field), y = NumberKey(b, sort.field);
                     return sort.descending ? y < x : x < y;
                   });
}

}  // namespace tend::cli

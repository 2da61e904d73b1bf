#include "daemon/persist/dump_format.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "daemon/supervise/process_state.h"

namespace tend {
namespace {

using nlohmann::json;

constexpr std::string_view kFormatName = "tend-dump";

// Reads typed fields of one JSON object; every error names the field by its path.
class FieldReader {
 public:
  FieldReader(const json& obj, std::string where) : obj_(obj), where_(std::move(where)) {}

  Status Int64(std::string_view key, int64_t min, int64_t max, int64_t& out) const {
    const json* v = Find(key);
    if (v == nullptr) return Missing(key);
    if (!v->is_number_integer()) return Wrong(key, "an integer");
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(max)) {
      return Wrong(key, "an integer in range");
    }
    const int64_t n = v->get<int64_t>();
    if (n < min || n > max) return Wrong(key, "an integer in range");
    out = n;
    return Status::Ok();
  }

  template <typename T>
  Status Int(std::string_view key, T min, T& out) const {
    int64_t n = 0;
    TEND_RETURN_IF_ERROR(Int64(key, min, std::numeric_limits<T>::max(), n));
    out = static_cast<T>(n);
    return Status::Ok();
  }

  Status Uint64(std::string_view key, uint64_t& out) const {
    const json* v = Find(key);
    if (v == nullptr) return Missing(key);
    if (!v->is_number_unsigned()) return Wrong(key, "a non-negative integer");
    out = v->get<uint64_t>();
    return Status::Ok();
  }

  Status String(std::string_view key, std::string& out) const {
    const json* v = Find(key);
    if (v == nullptr) return Missing(key);
    if (!v->is_string()) return Wrong(key, "a string");
    out = v->get<std::string>();
    return Status::Ok();
  }

  // Unknown keys are errors: a file this version did not write is not guessed at.
  Status OnlyKeys(std::initializer_list<std::string_view> known) const {
    for (const auto& item : obj_.items()) {
      bool found = false;
      for (std::string_view k : known)
        found = found || item.key() == k;
      if (!found) return Status::InvalidArgument(where_ + ": unknown field '" + item.key() + "'");
    }
    return Status::Ok();
  }

  const json* Find(std::string_view key) const {
    auto it = obj_.find(std::string(key));
    return it == obj_.end() ? nullptr : &*it;
  }
  std::string PathOf(std::string_view key) const { return where_ + "." + std::string(key); }

 private:
  Status Missing(std::string_view key) const {
    return Status::InvalidArgument(PathOf(key) + ": missing");
  }
  Status Wrong(std::string_view key, std::string_view want) const {
    return Status::InvalidArgument(PathOf(key) + ": expected " + std::string(want));
  }

  const json& obj_;
  std::string where_;
};

json ProcessToJson(const DumpedProcess& p) {
  return json{{"pm_id", p.pm_id},
              {"instance", p.instance},
              {"status", p.status},
              {"restarts", p.restarts},
              {"created_at_ms", p.created_at_ms},
              {"pid", p.pid},
              {"pgid", p.pgid},
              {"start_time", p.start_time},
              {"spec", AppSpecToJson(p.spec)}};
}

Result<DumpedProcess> ProcessFromJson(const json& j, const std::string& where) {
  if (!j.is_object()) return Status::InvalidArgument(where + ": expected an object");
  const FieldReader r(j, where);
  TEND_RETURN_IF_ERROR(r.OnlyKeys({"pm_id", "instance", "status", "restarts", "created_at_ms",
                                   "pid", "pgid", "start_time", "spec"}));
  DumpedProcess p;
  TEND_RETURN_IF_ERROR(r.Int<int>("pm_id", 0, p.pm_id));
  TEND_RETURN_IF_ERROR(r.Int<int>("instance", 0, p.instance));
  TEND_RETURN_IF_ERROR(r.String("status", p.status));
  if (!StateFromName(p.status)) {
    return Status::InvalidArgument(r.PathOf("status") + ": unknown status '" + p.status + "'");
  }
  TEND_RETURN_IF_ERROR(r.Int<int>("restarts", 0, p.restarts));
  TEND_RETURN_IF_ERROR(
      r.Int64("created_at_ms", 0, std::numeric_limits<int64_t>::max(), p.created_at_ms));
  TEND_RETURN_IF_ERROR(r.Int<pid_t>("pid", 0, p.pid));
  TEND_RETURN_IF_ERROR(r.Int<pid_t>("pgid", 0, p.pgid));
  TEND_RETURN_IF_ERROR(r.Uint64("start_time", p.start_time));
  const json* spec = r.Find("spec");
  if (spec == nullptr) return Status::InvalidArgument(r.PathOf("spec") + ": missing");
  auto parsed = AppSpecFromJson(*spec);
  if (!parsed.ok()) {
    return Status::InvalidArgument(r.PathOf("spec") + ": " + parsed.status().message());
  }
  p.spec = std::move(parsed).value();
  return p;
}

Status CheckHeader(const FieldReader& r, Dump& dump) {
  std::string format;
  TEND_RETURN_IF_ERROR(r.String("format", format));
  if (format != kFormatName) {
    return Status::InvalidArgument("not a tend dump (format is '" + format + "')");
  }
  TEND_RETURN_IF_ERROR(r.Int<int>("format_version", 0, dump.format_version));
  if (dump.format_version > kDumpFormatVersion) {
    return Status::InvalidArgument("format_version " + std::to_string(dump.format_version) +
                                   " was written by a newer tend (this one reads " +
                                   std::to_string(kDumpOldestSupportedVersion) + " to " +
                                   std::to_string(kDumpFormatVersion) + ")");
  }
  if (dump.format_version < kDumpOldestSupportedVersion) {
    return Status::InvalidArgument("format_version " + std::to_string(dump.format_version) +
                                   " is older than the oldest supported (" +
                                   std::to_string(kDumpOldestSupportedVersion) + ")");
  }
  return Status::Ok();
}

Status ReadProcesses(const FieldReader& r, Dump& dump) {
  const json* list = r.Find("processes");
  if (list == nullptr || !list->is_array()) {
    return Status::InvalidArgument("dump.processes: expected an array");
  }
  std::set<int> ids;
  for (size_t i = 0; i < list->size(); ++i) {
    auto p = ProcessFromJson((*list)[i], "dump.processes[" + std::to_string(i) + "]");
    if (!p.ok()) return p.status();
    if (!ids.insert(p->pm_id).second) {
      return Status::InvalidArgument("dump.processes: pm_id " + std::to_string(p->pm_id) +
                                     " appears twice");
    }
    dump.processes.push_back(std::move(p).value());
  }
  // next_id must never hand out an id in use, whatever the file says.
  if (!ids.empty() && dump.next_id <= *ids.rbegin()) dump.next_id = *ids.rbegin() + 1;
  return Status::Ok();
}

}  // namespace

std::string DumpToJsonText(const Dump& dump) {
  json processes = json::array();
  for (const DumpedProcess& p : dump.processes)
    processes.push_back(ProcessToJson(p));
  json j{{"format", kFormatName},
         {"format_version", kDumpFormatVersion},
         {"saved_at_ms", dump.saved_at_ms},
         {"next_id", dump.next_id},
         {"processes", std::move(processes)}};
  if (!dump.boot_id.empty()) j["boot_id"] = dump.boot_id;
  return SafeDump(j, 2) + "\n";
}

Result<Dump> DumpFromJsonText(const std::string& text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("expected a JSON object");
  const FieldReader r(j, "dump");
  Dump dump;
  TEND_RETURN_IF_ERROR(CheckHeader(r, dump));
  TEND_RETURN_IF_ERROR(
      r.OnlyKeys({"format", "format_version", "saved_at_ms", "next_id", "processes", "boot_id"}));
  if (const json* boot = r.Find("boot_id"); boot != nullptr) {
    if (!boot->is_string()) return Status::InvalidArgument("dump.boot_id: expected a string");
    dump.boot_id = boot->get<std::string>();
  }
  TEND_RETURN_IF_ERROR(
      r.Int64("saved_at_ms", 0, std::numeric_limits<int64_t>::max(), dump.saved_at_ms));
  TEND_RETURN_IF_ERROR(r.Int<int>("next_id", 0, dump.next_id));
  TEND_RETURN_IF_ERROR(ReadProcesses(r, dump));
  return dump;
}

}  // namespace tend

#include "ipc/verbs.h"

namespace tend::ipc {
namespace {

constexpr ArgRow kListArgs[] = {Optional(arg::kBrief), Optional(arg::kFormat)};
constexpr ArgRow kDescribeArgs[] = {Required(arg::kTargets)};
constexpr ArgRow kPidArgs[] = {Optional(arg::kTargets)};
constexpr ArgRow kStartArgs[] = {Required(arg::kApps), Optional(arg::kForce),
                                 Optional(arg::kUpdateExisting), Optional(arg::kBrief)};
constexpr ArgRow kTargetsBriefArgs[] = {Required(arg::kTargets), Optional(arg::kBrief)};
constexpr ArgRow kRestartArgs[] = {Required(arg::kTargets), Optional(arg::kEnv),
                                   Optional(arg::kBrief)};
constexpr ArgRow kSignalArgs[] = {Required(arg::kSignal), Required(arg::kTargets),
                                  Optional(arg::kBrief)};
constexpr ArgRow kScaleArgs[] = {Required(arg::kName), Required(arg::kCount)};
constexpr ArgRow kReloadArgs[] = {Required(arg::kTargets), Optional(arg::kSpecs),
                                  Optional(arg::kEnv)};
constexpr ArgRow kLogsArgs[] = {Optional(arg::kTargets), Optional(arg::kLines),
                                Optional(arg::kStream), Optional(arg::kFollow)};
constexpr ArgRow kFlushArgs[] = {Optional(arg::kTargets)};
constexpr ArgRow kSaveArgs[] = {Optional(arg::kForce)};
constexpr ArgRow kSetArgs[] = {Required(arg::kKey), Required(arg::kValue)};
constexpr ArgRow kGetArgs[] = {Optional(arg::kKey)};

}  // namespace

// wire name, CLI verb (when it differs), arguments, flags.
const Verb kPing{"ping", "", {}, kWhileShuttingDown};
const Verb kList{"list", "", kListArgs, kWhileShuttingDown};
const Verb kDescribe{"describe", "", kDescribeArgs, kWhileShuttingDown};
const Verb kPid{"pid", "", kPidArgs, kWhileShuttingDown};
const Verb kStart{"start", "", kStartArgs};
const Verb kStop{"stop", "", kTargetsBriefArgs};
const Verb kRestart{"restart", "", kRestartArgs};
const Verb kDelete{"delete", "", kTargetsBriefArgs};
const Verb kReset{"reset", "", kTargetsBriefArgs};
const Verb kSignal{"signal", "sendSignal", kSignalArgs};
const Verb kScale{"scale", "", kScaleArgs};
const Verb kReload{"reload", "", kReloadArgs};
const Verb kKill{"kill", "", {}, kWhileShuttingDown};
const Verb kLogs{"logs", "", kLogsArgs, kStreams};
const Verb kMonitor{"monitor", "monit", {}, kStreams};
const Verb kFlush{"flush", "", kFlushArgs};
const Verb kReloadLogs{"reloadLogs", "", {}};
const Verb kSave{"save", "", kSaveArgs};
const Verb kResurrect{"resurrect", "", {}};
const Verb kClearDump{"cleardump", "", {}};
const Verb kSet{"set", "", kSetArgs};
const Verb kGet{"get", "", kGetArgs, kWhileShuttingDown};

const std::vector<const Verb*>& AllVerbs() {
  static const std::vector<const Verb*> verbs = {
      &kPing,       &kList,   &kDescribe,  &kPid,       &kStart, &kStop, &kRestart, &kDelete,
      &kReset,      &kSignal, &kScale,     &kReload,    &kKill,  &kLogs, &kMonitor, &kFlush,
      &kReloadLogs, &kSave,   &kResurrect, &kClearDump, &kSet,   &kGet};
  return verbs;
}

std::string FirstUnknownArg(const Verb& verb, const nlohmann::json& args) {
  if (!args.is_object()) return "";
  for (const auto& [key, value] : args.items()) {
    bool known = false;
    for (const ArgRow& row : verb.args)
      known = known || row.name == key;
    if (!known) return key;
  }
  return "";
}

const Verb* FindVerb(std::string_view wire) {
  for (const Verb* v : AllVerbs()) {
    if (v->wire == wire) return v;
  }
  return nullptr;
}

}  // namespace tend::ipc

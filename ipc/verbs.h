#pragma once
// The protocol's verbs, one row each: the command's wire name, the CLI verb that sends
// it, its argument keys with their types and whether they are required, and what the
// protocol promises about it (runs while the daemon shuts down, answers with a stream).
// Both sides use these rows: the CLI builds requests from them (Args), the daemon keys
// its command table by them and reads arguments through their keys. docs/protocol.md
// documents every row (tests/unit/ipc/verbs_test.cc checks it).

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace tend::ipc {

enum class ArgType {
  kBool,
  kInt,
  kString,
  kTargets,  // array of strings or integers: ids, names, namespaces, /regex/, all
  kApps,     // array of AppSpec objects
  kEnv,      // an environment (byte strings, config/byte_string_json.h)
};

// An argument key of a known type: readers and builders only accept the matching type.
template <ArgType T>
struct Key {
  std::string_view name;
};
using BoolKey = Key<ArgType::kBool>;
using IntKey = Key<ArgType::kInt>;
using StringKey = Key<ArgType::kString>;
using TargetsKey = Key<ArgType::kTargets>;
using AppsKey = Key<ArgType::kApps>;
using EnvKey = Key<ArgType::kEnv>;

// Every argument key of the protocol, spelled once.
namespace arg {
inline constexpr TargetsKey kTargets{"targets"};
inline constexpr BoolKey kBrief{"brief"};
inline constexpr BoolKey kForce{"force"};
inline constexpr BoolKey kUpdateExisting{"update_existing"};
inline constexpr AppsKey kApps{"apps"};
inline constexpr AppsKey kSpecs{"specs"};
inline constexpr EnvKey kEnv{"env"};
inline constexpr StringKey kSignal{"signal"};
inline constexpr StringKey kName{"name"};
inline constexpr StringKey kCount{"count"};
inline constexpr IntKey kLines{"lines"};
inline constexpr StringKey kStream{"stream"};
inline constexpr BoolKey kFollow{"follow"};
inline constexpr StringKey kKey{"key"};
inline constexpr StringKey kValue{"value"};
inline constexpr StringKey kFormat{"format"};
}  // namespace arg

// One argument of one verb.
struct ArgRow {
  std::string_view name;
  ArgType type;
  bool required;
};
template <ArgType T>
constexpr ArgRow Required(Key<T> key) {
  return {key.name, T, true};
}
template <ArgType T>
constexpr ArgRow Optional(Key<T> key) {
  return {key.name, T, false};
}

// A view of a verb's argument rows (a static array).
class ArgList {
 public:
  constexpr ArgList() = default;
  template <size_t N>
  constexpr ArgList(const ArgRow (&rows)[N]) : data_(rows), size_(N) {}  // NOLINT: implicit
  const ArgRow* begin() const { return data_; }
  const ArgRow* end() const { return data_ + size_; }
  size_t size() const { return size_; }

 private:
  const ArgRow* data_ = nullptr;
  size_t size_ = 0;
};

enum VerbFlags : unsigned {
  kNoFlags = 0,
  kWhileShuttingDown = 1u << 0,  // still served after `kill` began (else `unavailable`)
  kStreams = 1u << 1,            // answered by events, then an end frame
};

struct Verb {
  std::string_view wire;  // the request's `cmd`
  std::string_view cli;   // the CLI verb that sends it, when not spelled as `wire`
  ArgList args;
  unsigned flags = kNoFlags;

  std::string_view cli_name() const { return cli.empty() ? wire : cli; }
  bool allowed_while_shutting_down() const { return (flags & kWhileShuttingDown) != 0; }
  bool streams() const { return (flags & kStreams) != 0; }
};

extern const Verb kPing, kList, kDescribe, kPid, kKill, kStart, kStop, kRestart, kDelete, kReset,
    kSignal, kScale, kReload, kLogs, kMonitor, kFlush, kReloadLogs, kSave, kResurrect, kClearDump, kSet, kGet;

// Every row, in the order of docs/protocol.md.
const std::vector<const Verb*>& AllVerbs();
// The row of a wire name; nullptr when the protocol has no such command.
const Verb* FindVerb(std::string_view wire);
// The first key of `args` (an object, or null for none) that the verb's row does not
// name; empty when every key is the row's. The daemon refuses such a request rather than
// ignore what a newer CLI asked for; the CLI checks its own requests the same way.
std::string FirstUnknownArg(const Verb& verb, const nlohmann::json& args);

// A request's arguments, built through the keys (the CLI's side).
class Args {
 public:
  Args& Set(BoolKey key, bool value) { return Put(key.name, value); }
  Args& Set(IntKey key, int64_t value) { return Put(key.name, value); }
  Args& Set(StringKey key, std::string value) { return Put(key.name, std::move(value)); }
  Args& Set(TargetsKey key, std::vector<std::string> targets) {
    return Put(key.name, std::move(targets));
  }
  // An array of AppSpecToJson objects.
  Args& Set(AppsKey key, nlohmann::json apps) { return Put(key.name, std::move(apps)); }
  // BytesMapToJson of an environment.
  Args& Set(EnvKey key, nlohmann::json env) { return Put(key.name, std::move(env)); }
  const nlohmann::json& json() const { return json_; }

 private:
  Args& Put(std::string_view key, nlohmann::json value) {
    json_[std::string(key)] = std::move(value);
    return *this;
  }
  nlohmann::json json_ = nlohmann::json::object();
};

}  // namespace tend::ipc

#pragma once
// Reading a request's arguments through the keys of its verb's row (ipc/verbs.h), strictly:
// a wrong type names the argument. And joining the completions of several processes into
// one answer.

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/status.h"
#include "ipc/verbs.h"

namespace tend {

bool HasArg(const nlohmann::json& args, std::string_view key);
// args.targets: an array of strings (ids, names, namespaces, /regex/, all); missing is an error.
Result<std::vector<std::string>> TargetsArg(const nlohmann::json& args,
                                            ipc::TargetsKey key = ipc::arg::kTargets);
// An optional argument; `fallback` when absent or null.
Result<std::string> StringArg(const nlohmann::json& args, ipc::StringKey key, std::string fallback);
Result<bool> BoolArg(const nlohmann::json& args, ipc::BoolKey key, bool fallback);
Result<int64_t> IntArg(const nlohmann::json& args, ipc::IntKey key, int64_t fallback);
// An environment; nullopt when absent or null.
Result<std::optional<std::map<std::string, std::string>>> EnvArg(const nlohmann::json& args,
                                                                 ipc::EnvKey key);

// Calls `done` once Arrive() was called `count` times (at once for 0).
class Countdown {
 public:
  static std::shared_ptr<Countdown> Make(size_t count, std::function<void()> done);
  void Arrive();

 private:
  Countdown(size_t count, std::function<void()> done) : left_(count), done_(std::move(done)) {}
  size_t left_;
  std::function<void()> done_;
};

}  // namespace tend

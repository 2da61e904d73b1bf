#pragma once
// Reading a request's arguments (strictly: a wrong type names the argument)
// and joining the completions of several processes into one answer.

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "config/status.h"

namespace tend {

// args.targets: an array of strings (ids, names, namespaces, /regex/, all).
Result<std::vector<std::string>> TargetsArg(const nlohmann::json& args);
// An optional string argument; `fallback` when absent.
Result<std::string> StringArg(const nlohmann::json& args, const char* key, std::string fallback);
Result<bool> BoolArg(const nlohmann::json& args, const char* key, bool fallback);

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

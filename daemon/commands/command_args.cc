#include "daemon/commands/command_args.h"

namespace tend {

Result<std::vector<std::string>> TargetsArg(const nlohmann::json& args) {
  auto it = args.find("targets");
  if (it == args.end()) return Status::InvalidArgument("missing argument 'targets'");
  if (!it->is_array()) return Status::InvalidArgument("argument 'targets' must be an array");
  std::vector<std::string> out;
  for (const auto& t : *it) {
    if (t.is_string()) {
      out.push_back(t.get<std::string>());
    } else if (t.is_number_integer()) {
      out.push_back(std::to_string(t.get<int64_t>()));
    } else {
      return Status::InvalidArgument("argument 'targets' must hold strings or ids");
    }
  }
  return out;
}

Result<std::string> StringArg(const nlohmann::json& args, const char* key, std::string fallback) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("argument '") + key + "' must be a string");
  }
  return it->get<std::string>();
}

Result<bool> BoolArg(const nlohmann::json& args, const char* key, bool fallback) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) {
    return Status::InvalidArgument(std::string("argument '") + key + "' must be true or false");
  }
  return it->get<bool>();
}

std::shared_ptr<Countdown> Countdown::Make(size_t count, std::function<void()> done) {
  auto c = std::shared_ptr<Countdown>(new Countdown(count, std::move(done)));
  if (count == 0) {
    auto fn = std::move(c->done_);
    c->done_ = nullptr;
    if (fn) fn();
  }
  return c;
}

void Countdown::Arrive() {
  if (left_ == 0) return;
  if (--left_ == 0 && done_) {
    auto fn = std::move(done_);
    done_ = nullptr;
    fn();
  }
}

}  // namespace tend

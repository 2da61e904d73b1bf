#include "daemon/commands/command_args.h"

#include "config/byte_string_json.h"

namespace tend {
namespace {

std::string Named(std::string_view key) {
  return "argument '" + std::string(key) + "'";
}

}  // namespace

bool HasArg(const nlohmann::json& args, std::string_view key) {
  return args.find(std::string(key)) != args.end();
}

Result<std::vector<std::string>> TargetsArg(const nlohmann::json& args, ipc::TargetsKey key) {
  auto it = args.find(std::string(key.name));
  if (it == args.end()) return Status::InvalidArgument("missing " + Named(key.name));
  if (!it->is_array()) return Status::InvalidArgument(Named(key.name) + " must be an array");
  std::vector<std::string> out;
  for (const auto& t : *it) {
    if (t.is_string()) {
      out.push_back(t.get<std::string>());
    } else if (t.is_number_integer()) {
      out.push_back(std::to_string(t.get<int64_t>()));
    } else {
      return Status::InvalidArgument(Named(key.name) + " must hold strings or ids");
    }
  }
  return out;
}

Result<std::string> StringArg(const nlohmann::json& args, ipc::StringKey key,
                              std::string fallback) {
  auto it = args.find(std::string(key.name));
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_string()) return Status::InvalidArgument(Named(key.name) + " must be a string");
  return it->get<std::string>();
}

Result<bool> BoolArg(const nlohmann::json& args, ipc::BoolKey key, bool fallback) {
  auto it = args.find(std::string(key.name));
  if (it == args.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) return Status::InvalidArgument(Named(key.name) + " must be true or false");
  return it->get<bool>();
}

// Unlike the others, a null is not "absent": `lines` has always refused one.
Result<int64_t> IntArg(const nlohmann::json& args, ipc::IntKey key, int64_t fallback) {
  auto it = args.find(std::string(key.name));
  if (it == args.end()) return fallback;
  if (!it->is_number_integer())
    return Status::InvalidArgument(Named(key.name) + " must be an integer");
  return it->get<int64_t>();
}

Result<std::optional<std::map<std::string, std::string>>> EnvArg(const nlohmann::json& args,
                                                                 ipc::EnvKey key) {
  auto it = args.find(std::string(key.name));
  if (it == args.end() || it->is_null()) return std::optional<std::map<std::string, std::string>>();
  auto parsed = BytesMapFromJson(*it, std::string(key.name));
  if (!parsed.ok()) return parsed.status();
  return std::optional<std::map<std::string, std::string>>(std::move(parsed).value());
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

#include "config/ecosystem/config_value.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace tend::ecosystem {

bool ConfigValue::is_integer() const {
  return kind == Kind::kNumber && std::isfinite(number) && std::floor(number) == number &&
         std::fabs(number) < 9.2e18;
}

const ConfigValue* ConfigValue::Find(const std::string& key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->first == key) return &it->second;
  }
  return nullptr;
}

std::string Describe(const ConfigValue& value) {
  switch (value.kind) {
    case ConfigValue::Kind::kNull:
      return "null";
    case ConfigValue::Kind::kBool:
      return value.boolean ? "true" : "false";
    case ConfigValue::Kind::kNumber:
      return value.text;
    case ConfigValue::Kind::kString:
      return nlohmann::json(value.text)
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    case ConfigValue::Kind::kArray:
      return "an array";
    case ConfigValue::Kind::kObject:
      return "an object";
  }
  return "";
}

std::string JoinKey(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

namespace {

void CollectDuplicates(const ConfigValue& value, const std::string& path,
                       std::vector<std::pair<int, std::string>>& out) {
  if (value.is_array()) {
    for (size_t i = 0; i < value.items.size(); ++i) {
      CollectDuplicates(value.items[i], path + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  if (!value.is_object()) return;
  std::set<std::string> seen;
  for (const auto& [key, member] : value.members) {
    if (!seen.insert(key).second) out.emplace_back(member.report_line(), JoinKey(path, key));
    CollectDuplicates(member, JoinKey(path, key), out);
  }
}

}  // namespace

std::vector<std::pair<int, std::string>> FindDuplicateKeys(const ConfigValue& value,
                                                           const std::string& path) {
  std::vector<std::pair<int, std::string>> out;
  CollectDuplicates(value, path, out);
  return out;
}

}  // namespace tend::ecosystem

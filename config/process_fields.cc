#include "config/process_fields.h"

#include "config/byte_string_json.h"

namespace tend {

using nlohmann::json;

const json* FieldOf(const json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

int64_t IntField(const json& obj, std::string_view key, int64_t fallback) {
  const json* v = FieldOf(obj, key);
  if (v == nullptr || !v->is_number()) return fallback;
  if (v->is_number_float()) return static_cast<int64_t>(v->get<double>());
  if (v->is_number_unsigned()) return static_cast<int64_t>(v->get<uint64_t>());
  return v->get<int64_t>();
}

double NumberField(const json& obj, std::string_view key, double fallback) {
  const json* v = FieldOf(obj, key);
  if (v == nullptr || !v->is_number()) return fallback;
  return v->get<double>();
}

bool BoolField(const json& obj, std::string_view key, bool fallback) {
  const json* v = FieldOf(obj, key);
  return v != nullptr && v->is_boolean() ? v->get<bool>() : fallback;
}

std::optional<int64_t> OptionalIntField(const json& obj, std::string_view key) {
  const json* v = FieldOf(obj, key);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  return IntField(obj, key);
}

std::string BytesField(const json& obj, std::string_view key, std::string_view fallback) {
  const json* v = FieldOf(obj, key);
  if (v == nullptr || v->is_null()) return std::string(fallback);
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  auto bytes = BytesFromJson(*v, key);
  return bytes.ok() ? std::move(bytes).value() : std::string(fallback);
}

std::vector<std::string> BytesListField(const json& obj, std::string_view key) {
  const json* v = FieldOf(obj, key);
  if (v == nullptr) return {};
  auto list = BytesListFromJson(*v, key);
  return list.ok() ? std::move(list).value() : std::vector<std::string>{};
}

const json& SpecOf(const json& process) {
  static const json kEmpty = json::object();
  const json* spec = FieldOf(process, "spec");
  return spec != nullptr && spec->is_object() ? *spec : kEmpty;
}

std::map<std::string, std::string> EnvOf(const json& process) {
  std::map<std::string, std::string> out;
  for (const json* env : {FieldOf(SpecOf(process), "env"), FieldOf(process, "tend_env")}) {
    if (env == nullptr) continue;
    auto map = BytesMapFromJson(*env, "env");
    if (!map.ok()) continue;
    // tend's own variables (pm_id, name, ...) win, as they do in the child.
    for (auto& [key, value] : *map)
      out[key] = std::move(value);
  }
  return out;
}

}  // namespace tend

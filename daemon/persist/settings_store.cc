#include "daemon/persist/settings_store.h"

#include "config/byte_string_json.h"
#include "config/file_trust.h"
#include "daemon/persist/atomic_file.h"
#include "daemon/persist/settings_keys.h"

namespace tend {

using nlohmann::json;

Result<SettingsStore> SettingsStore::Load(const std::string& path) {
  auto text = ReadTrustedFile(path, "settings file");
  if (!text.ok()) {
    if (text.status().code() == Code::kNotFound) return SettingsStore(path);
    return text.status();
  }
  return FromText(path, *text);
}

Result<SettingsStore> SettingsStore::FromText(const std::string& path, const std::string& text) {
  SettingsStore store(path);
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::InvalidArgument(path + ": not a JSON object of settings");
  }
  for (auto& [name, value] : parsed.items()) {
    const SettingKey* key = FindSettingKey(name);
    if (key == nullptr) {
      store.warnings_.push_back(path + ": unknown setting '" + name + "' kept but ignored");
      store.stored_[name] = value;
      continue;
    }
    auto normal = ParseSettingJson(*key, value);
    if (!normal.ok()) {
      store.warnings_.push_back(path + ": " + normal.status().message() + "; using the default " +
                                SettingValueText(key->default_value));
      continue;
    }
    store.stored_[std::string(key->name)] = std::move(normal).value();
  }
  return store;
}

SettingsStore SettingsStore::Defaults(const std::string& path) {
  return SettingsStore(path);
}

Status SettingsStore::Set(std::string_view key_name, std::string_view value) {
  const SettingKey* key = FindSettingKey(key_name);
  if (key == nullptr) return UnknownSettingError(key_name);
  auto normal = ParseSettingText(*key, value);
  if (!normal.ok()) return normal.status();
  json next = stored_;
  next[std::string(key->name)] = std::move(normal).value();
  TEND_RETURN_IF_ERROR(Persist(next));
  stored_ = std::move(next);
  return Status::Ok();
}

Status SettingsStore::Reset(std::string_view key_name) {
  const SettingKey* key = FindSettingKey(key_name);
  if (key == nullptr) return UnknownSettingError(key_name);
  json next = stored_;
  next.erase(std::string(key->name));
  TEND_RETURN_IF_ERROR(Persist(next));
  stored_ = std::move(next);
  return Status::Ok();
}

Result<std::string> SettingsStore::Get(std::string_view key_name) const {
  const SettingKey* key = FindSettingKey(key_name);
  if (key == nullptr) return UnknownSettingError(key_name);
  return SettingValueText(Effective(key->name));
}

json SettingsStore::All() const {
  json all = json::object();
  for (const SettingKey& key : AllSettingKeys())
    all[std::string(key.name)] = Effective(key.name);
  return all;
}

json SettingsStore::Effective(std::string_view name) const {
  if (auto it = stored_.find(std::string(name)); it != stored_.end()) return *it;
  const SettingKey* key = FindSettingKey(name);
  return key == nullptr ? json() : key->default_value;
}

Status SettingsStore::Persist(const json& stored) const {
  AtomicWriteOptions opts;
  opts.mode = 0600;
  opts.crash_point_prefix = "settings";
  return WriteFileAtomically(path_, SafeDump(stored, 2) + "\n", opts);
}

bool SettingsStore::autosave() const {
  return Effective("autosave").get<bool>();
}

int64_t SettingsStore::log_max_size_bytes() const {
  auto bytes = ParseByteSize(Effective("log_max_size").get<std::string>());
  return bytes.ok() ? *bytes : 0;
}

int SettingsStore::log_retain() const {
  return Effective("log_retain").get<int>();
}

bool SettingsStore::log_compress() const {
  return Effective("log_compress").get<bool>();
}

std::string SettingsStore::log_rotate_interval() const {
  const std::string v = Effective("log_rotate_interval").get<std::string>();
  return v == "none" ? "" : v;
}

int64_t SettingsStore::metrics_interval_ms() const {
  return Effective("metrics_interval_ms").get<int64_t>();
}

}  // namespace tend

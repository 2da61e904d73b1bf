#pragma once
// The daemon's settings, kept in $TEND_HOME/settings.json (docs/layout.md,
// "settings.json"). Only values the user set are stored, so a default changed
// by a later tend applies to everyone who never chose otherwise. Every write is
// atomic; keys this tend does not know (written by a newer one) are preserved.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/status.h"

namespace tend {

class SettingsStore {
 public:
  // Reads `path`. A missing file means all defaults. A file that is not a JSON
  // object is an error naming it; a bad value or an unknown key in it is a
  // warning (the value's default applies) so the daemon still starts.
  static Result<SettingsStore> Load(const std::string& path);
  // What Load makes of the file's text (the same errors and warnings); `path` is
  // where Set and Reset persist.
  static Result<SettingsStore> FromText(const std::string& path, const std::string& text);
  // All defaults, for a daemon whose settings file could not be read.
  static SettingsStore Defaults(const std::string& path);

  // Validates and normalises `value` ("10m" -> "10M"), then persists. Unknown
  // keys get a did-you-mean error. On failure nothing changes.
  Status Set(std::string_view key, std::string_view value);
  // Forgets the user's value: the default applies again. Persists.
  Status Reset(std::string_view key);
  // The effective value as `tend get KEY` prints it.
  Result<std::string> Get(std::string_view key) const;
  // Every known key -> its effective value (typed JSON), for `tend get`.
  nlohmann::json All() const;
  // Problems found by Load, for the daemon log.
  const std::vector<std::string>& warnings() const { return warnings_; }

  bool autosave() const;
  int64_t log_max_size_bytes() const;  // 0 = no size rotation
  int log_retain() const;
  bool log_compress() const;
  std::string log_rotate_interval() const;  // "" | "hourly" | "daily"
  int64_t metrics_interval_ms() const;

 private:
  explicit SettingsStore(std::string path) : path_(std::move(path)) {}
  nlohmann::json Effective(std::string_view key) const;
  Status Persist(const nlohmann::json& stored) const;

  std::string path_;
  nlohmann::json stored_ = nlohmann::json::object();  // what settings.json holds
  std::vector<std::string> warnings_;
};

}  // namespace tend

#pragma once
// ConfigValue: one parsed value of an ecosystem file, whatever its format, with
// the 1-based line it starts on (0 when the format has none, as for JS configs).
// Objects keep every member in file order, duplicates included, so that the
// reader can report them with their lines.

#include <string>
#include <utility>
#include <vector>

namespace tend::ecosystem {

struct ConfigValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;  // the string, or the number as written
  std::vector<ConfigValue> items;
  std::vector<std::pair<std::string, ConfigValue>> members;
  int line = 0;
  int key_line = 0;  // for an object member: the line of its key (0 = unknown)

  // Where messages about this value point: its key's line when it has one.
  int report_line() const { return key_line > 0 ? key_line : line; }

  bool is_object() const { return kind == Kind::kObject; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_number() const { return kind == Kind::kNumber; }
  bool is_bool() const { return kind == Kind::kBool; }
  bool is_null() const { return kind == Kind::kNull; }
  // True for numbers with no fractional part that fit an int64.
  bool is_integer() const;

  // The last member with this key (JavaScript semantics), or nullptr.
  const ConfigValue* Find(const std::string& key) const;
};

// A short rendering for messages: strings quoted as JSON, numbers as written,
// containers as "an array" / "an object".
std::string Describe(const ConfigValue& value);

// A key path element: `apps[1]`, `.env`, ...
std::string JoinKey(const std::string& path, const std::string& key);

// Every repeated key in objects anywhere below `value`: (line, key path).
std::vector<std::pair<int, std::string>> FindDuplicateKeys(const ConfigValue& value,
                                                           const std::string& path);

}  // namespace tend::ecosystem

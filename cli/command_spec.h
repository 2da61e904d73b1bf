#pragma once
// The CLI's command table rows, described without CLI11 (which only
// command_line.cc includes): each verb's name, aliases, arguments and flags,
// and the handler that runs it with the parsed values.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/int_range.h"

namespace tend::cli {

class CommandContext;

enum class FlagKind {
  kBool,            // --force
  kString,          // --name api
  kInt,             // --max-restarts 5, within the flag's range
  kList,            // --only-style lists: one or more values
  kIntList,         // --stop-exit-codes 0 2: one or more whole numbers within the range
  kOptionalString,  // --log [path]: present with or without a value
};

struct FlagSpec {
  std::string_view names;  // CLI11 spelling: "-n,--name"
  FlagKind kind;
  std::string_view key;  // where the value lands in ParsedArgs
  std::string_view help;
  IntRange range = {};  // kInt, kIntList: the values accepted; default: any int64
};

struct PositionalSpec {
  std::string_view key;
  std::string_view help;
  bool required = false;
  bool many = false;  // takes the remaining positionals
};

struct CommandSpec {
  std::string_view name;
  std::vector<std::string_view> aliases;
  std::string_view summary;
  std::vector<PositionalSpec> positionals;
  std::vector<FlagSpec> flags;
  bool passthrough = false;  // accepts `-- args...` for the program
  int (*handler)(CommandContext& ctx) = nullptr;
};

// The values of one parsed command line.
class ParsedArgs {
 public:
  bool Has(std::string_view key) const { return values_.count(std::string(key)) > 0; }
  bool Flag(std::string_view key) const { return Has(key); }
  std::optional<std::string> String(std::string_view key) const {
    auto it = values_.find(std::string(key));
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.front();
  }
  std::vector<std::string> List(std::string_view key) const {
    auto it = values_.find(std::string(key));
    return it == values_.end() ? std::vector<std::string>{} : it->second;
  }
  void Set(std::string key, std::vector<std::string> values) {
    values_[std::move(key)] = std::move(values);
  }
  // Everything after the first `--`, untouched.
  std::vector<std::string> passthrough;
  bool saw_separator = false;

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace tend::cli

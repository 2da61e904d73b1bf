#pragma once
// The app options, one row each: the single description of an option from
// which the AppSpec JSON codec (dump, protocol), the ecosystem reader
// (config/ecosystem/app_options.cc) and `tend start`'s flags
// (cli/app_spec_flags.cc) are derived. A row says what an option is; how each
// value type is read is written once per type, in each of those three places.
// docs/ecosystem.md's option table is checked against this one by
// tests/unit/config/app_option_table_test.cc.
//
// How to add an option: add its AppSpec member (with its default) and one row
// in app_option_table.cc; give it a row in docs/ecosystem.md; then write its
// behaviour in the daemon. A new value type, and only that, also needs a case
// in the three readers (the compiler lists them: every switch is exhaustive).
// A bool flag sets the opposite of the member's default (--no-autorestart).

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/app_spec.h"
#include "config/int_range.h"

namespace tend {

enum class OptionType {
  kText,          // a UTF-8 string
  kTextOrNumber,  // a string; a file may write a number (uid: 1000, listen: 8080)
  kPath,          // a byte string (any bytes, see byte_string_json.h)
  kWords,         // byte strings; one string is split into words (args)
  kPaths,         // byte strings; one string is one element (ignore_watch)
  kBool,
  kInt,         // a whole number within `range`
  kDuration,    // milliseconds within `range`; files also take "5s", "500ms"
  kSize,        // bytes within `range`; files and flags also take "300M", "1G"
  kChoice,      // one of `choices`
  kInstances,   // N, "max", 0 or -1, resolved to >= 1; a flag means cluster mode
  kExitCodes,   // whole numbers within `range`; a file may give one
  kCronText,    // a cron expression, checked; 0 or false = none
  kSignalName,  // "SIGTERM", "TERM", "sigterm", 15 -> "SIGTERM"
  kUmask,       // an octal string, "022" -> "0022"; never a number (YAML reads 022 as 22)
  kWatch,       // files: true/false, or paths (which turn watching on)
  kEnv,         // an object of variables; read by the ecosystem reader itself
};

// A spelling an option accepts and the value it stores ("fork" -> "fork_mode").
struct OptionChoice {
  std::string_view spelling;
  std::string_view stored;
};

using OptionMember =
    std::variant<std::string AppSpec::*, bool AppSpec::*, int AppSpec::*, int64_t AppSpec::*,
                 std::vector<std::string> AppSpec::*, std::vector<int> AppSpec::*,
                 std::map<std::string, std::string> AppSpec::*>;

struct AppOption {
  std::string_view key;  // the JSON and dump key; PM2's snake_case name in files
  OptionType type = OptionType::kText;
  OptionMember member;                    // where the value lives; its C++ type follows from `type`
  IntRange range;                         // kInt, kDuration, kSize and each of kExitCodes
  std::vector<OptionChoice> choices;      // kChoice
  std::string_view expected;              // kChoice: what a message says is wanted
  std::vector<std::string_view> aliases;  // other PM2 spellings in files, snake_case
  std::string_view flag;             // `tend start` flag, CLI11 spelling ("-n,--name"); "" = none
  bool flag_value_optional = false;  // `-l` with or without a path
  std::string_view default_doc;      // the default as docs/ecosystem.md writes it
  std::string_view doc;              // one line: `tend start --help` prints it
  bool in_files = true;              // false: JSON only (watch_paths, set by `watch`)
  bool active = true;                // false: read and checked, not acted on yet

  // The integer options' member is an int or an int64_t. REQUIRES for Set: `n`
  // within `range`, which fits the member (app_option_table_test checks it).
  void SetInteger(AppSpec& spec, int64_t n) const;
  int64_t GetInteger(const AppSpec& spec) const;

  template <typename T>
  T& Of(AppSpec& spec) const {
    return spec.*std::get<T AppSpec::*>(member);
  }
  template <typename T>
  const T& Of(const AppSpec& spec) const {
    return spec.*std::get<T AppSpec::*>(member);
  }
};

// Every option, in AppSpec order.
const std::vector<AppOption>& AppOptionTable();

// The row whose key (not alias) is `key`, or nullptr.
const AppOption* FindAppOptionByKey(std::string_view key);

}  // namespace tend

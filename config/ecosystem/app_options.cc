#include "config/ecosystem/app_options.h"

#include <cctype>
#include <cstdint>

#include "config/byte_string_json.h"
#include "config/cpu_count.h"
#include "config/ecosystem/option_values.h"
#include "config/edit_distance.h"
#include "config/umask_text.h"

namespace tend::ecosystem {
namespace {

Status Want(const ConfigValue& v, std::string_view what) {
  return Status::InvalidArgument(Describe(v) + " is " + std::string(what));
}

Result<std::string> AsString(const ConfigValue& v) {
  if (v.is_string()) return v.text;
  return Want(v, "not a string");
}

// A text option (not a path): it travels as a JSON string, so it must be UTF-8.
Result<std::string> AsUtf8String(const ConfigValue& v) {
  auto text = AsString(v);
  if (text.ok()) TEND_RETURN_IF_ERROR(RequireUtf8Text(*text));
  return text;
}

// Strings and numbers (uid: 1000, listen: 8080) read as text.
Result<std::string> AsText(const ConfigValue& v) {
  if (v.is_integer()) return v.text;
  if (v.is_string()) return AsUtf8String(v);
  return Want(v, "not a string");
}

Result<bool> AsBool(const ConfigValue& v) {
  if (v.is_bool()) return v.boolean;
  return Want(v, "not true or false");
}

// A whole number, or a numeric string as PM2 allows ("2").
Result<int64_t> AsInt(const ConfigValue& v, IntRange range) {
  IntText n;
  if (v.is_integer()) {
    const auto whole = static_cast<int64_t>(v.number);  // 0x10 and 1e3 are integers too
    n = {range.Contains(whole) ? IntText::Error::kNone : IntText::Error::kOutOfRange, whole};
  } else if (v.is_string()) {
    n = ReadInt(v.text, range);
  } else {
    return Want(v, "not an integer");
  }
  if (n.error == IntText::Error::kNotInteger) return Want(v, "not an integer");
  if (n.error == IntText::Error::kOutOfRange) {
    return Status::InvalidArgument(OutOfRangeMessage(Describe(v), range));
  }
  return n.value;
}

// A duration or a size: a whole number of the unit, or a string `parse` reads.
Result<int64_t> AsQuantity(const ConfigValue& v, const AppOption& o) {
  const bool duration = o.type == OptionType::kDuration;
  const std::string what = duration ? "a duration (\"5s\", \"500ms\" or milliseconds)"
                                    : "a size (\"300M\", \"1G\" or bytes)";
  int64_t n = 0;
  if (v.is_number()) {
    if (!v.is_integer() || v.number < 0) return Want(v, "not " + what);
    n = static_cast<int64_t>(v.number);
  } else if (v.is_string()) {
    auto parsed = duration ? ParseDurationMs(v.text) : ParseSizeBytes(v.text);
    if (!parsed.ok()) return parsed.status();
    n = *parsed;
  } else {
    return Want(v, "not " + what);
  }
  if (!o.range.Contains(n)) return Status::InvalidArgument(OutOfRangeMessage(Describe(v), o.range));
  return n;
}

// A list given as an array, or as one string (split as a command line when
// `split_words`, else taken as a single element).
Result<std::vector<std::string>> AsList(const ConfigValue& v, bool split_words) {
  if (v.is_string()) {
    if (split_words) return SplitShellWords(v.text);
    return std::vector<std::string>{v.text};
  }
  if (!v.is_array()) return Want(v, "not a string or a list of strings");
  std::vector<std::string> out;
  for (const auto& item : v.items) {
    if (!item.is_string() && !item.is_number()) return Want(item, "not a string");
    out.push_back(item.text);
  }
  return out;
}

template <typename T>
Status Store(Result<T> value, T& out) {
  if (!value.ok()) return value.status();
  out = std::move(value).value();
  return Status::Ok();
}

Status StoreInt(const AppOption& o, const ConfigValue& v, AppSpec& s) {
  auto r = o.type == OptionType::kInt ? AsInt(v, o.range) : AsQuantity(v, o);
  if (!r.ok()) return r.status();
  o.SetInteger(s, *r);
  return Status::Ok();
}

// One of a few spellings, each mapped to the stored value.
Status ApplyChoice(const AppOption& o, const ConfigValue& v, AppSpec& s) {
  if (v.is_string()) {
    for (const auto& c : o.choices) {
      if (v.text == c.spelling) {
        o.Of<std::string>(s) = std::string(c.stored);
        return Status::Ok();
      }
    }
  }
  return Want(v, "not " + std::string(o.expected));
}

Status ApplyInstances(const ConfigValue& v, AppSpec& s) {
  const bool text = v.is_string() || v.is_integer();
  auto r = text ? ResolveInstances(v.text) : Result<int>(Status::InvalidArgument(""));
  if (!r.ok()) return Want(v, "not a number, \"max\" or -1");
  s.instances = *r;
  return Status::Ok();
}

Status ApplyWatch(const ConfigValue& v, AppSpec& s) {
  if (v.is_bool()) {
    s.watch = v.boolean;
    return Status::Ok();
  }
  auto r = AsList(v, false);
  if (!r.ok()) return Want(v, "not true, false, a path or a list of paths");
  s.watch = true;
  s.watch_paths = std::move(r).value();
  return Status::Ok();
}

Status ApplyExitCodes(const AppOption& o, const ConfigValue& v, AppSpec& s) {
  std::vector<const ConfigValue*> codes;
  if (v.is_array()) {
    for (const auto& item : v.items)
      codes.push_back(&item);
  } else {
    codes.push_back(&v);
  }
  auto& out = o.Of<std::vector<int>>(s);
  out.clear();
  for (const ConfigValue* c : codes) {
    auto r = AsInt(*c, o.range);
    if (!r.ok()) return Want(*c, "not an exit code (" + o.range.ToString() + ")");
    out.push_back(static_cast<int>(*r));
  }
  return Status::Ok();
}

Status ApplyCron(const ConfigValue& v, std::string& out) {
  // PM2 treats 0 / "0" / false as "no cron".
  if ((v.is_number() && v.number == 0) || (v.is_bool() && !v.boolean) || v.text == "0") {
    out.clear();
    return Status::Ok();
  }
  if (!v.is_string()) return Want(v, "not a cron expression");
  TEND_RETURN_IF_ERROR(CheckCronExpression(v.text));
  out = v.text;
  return Status::Ok();
}

Status ApplySignal(const ConfigValue& v, std::string& out) {
  if (!v.is_string()) return Want(v, "not a signal name (e.g. \"SIGTERM\")");
  return Store(NormalizeSignalName(v.text), out);
}

// A number is refused: `umask: 022` is twenty-two in JSON and YAML 1.2, eighteen in YAML 1.1.
Status ApplyUmask(const ConfigValue& v, std::string& out) {
  if (!v.is_string()) return Want(v, "not an octal string (write it quoted: \"022\")");
  auto mask = ParseUmask(v.text);
  if (!mask.ok()) return Want(v, "not an octal umask of 1 to 4 digits up to 0777, such as \"022\"");
  out = UmaskText(*mask);
  return Status::Ok();
}

}  // namespace

Status ApplyAppOption(const AppOption& o, const ConfigValue& v, AppSpec& s) {
  switch (o.type) {
    case OptionType::kText:
      return Store(AsUtf8String(v), o.Of<std::string>(s));
    case OptionType::kPath:
      return Store(AsString(v), o.Of<std::string>(s));
    case OptionType::kTextOrNumber:
      return Store(AsText(v), o.Of<std::string>(s));
    case OptionType::kWords:
    case OptionType::kPaths:
      return Store(AsList(v, o.type == OptionType::kWords), o.Of<std::vector<std::string>>(s));
    case OptionType::kBool:
      return Store(AsBool(v), o.Of<bool>(s));
    case OptionType::kInt:
    case OptionType::kDuration:
    case OptionType::kSize:
      return StoreInt(o, v, s);
    case OptionType::kChoice:
      return ApplyChoice(o, v, s);
    case OptionType::kInstances:
      return ApplyInstances(v, s);
    case OptionType::kExitCodes:
      return ApplyExitCodes(o, v, s);
    case OptionType::kCronText:
      return ApplyCron(v, o.Of<std::string>(s));
    case OptionType::kSignalName:
      return ApplySignal(v, o.Of<std::string>(s));
    case OptionType::kUmask:
      return ApplyUmask(v, o.Of<std::string>(s));
    case OptionType::kWatch:
      return ApplyWatch(v, s);
    case OptionType::kEnv:
      return Status::Internal("'env' is read by the app reader, not as an option");
  }
  return Status::Internal("unknown option type");
}

std::vector<std::string_view> OptionsNotActiveYet() {
  std::vector<std::string_view> keys;
  for (const auto& o : AppOptionTable()) {
    if (!o.active) keys.push_back(o.key);
  }
  return keys;
}

std::string SnakeCase(std::string_view key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (std::isupper(c) && i > 0) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

const AppOption* FindAppOption(std::string_view key) {
  for (const auto& option : AppOptionTable()) {
    if (!option.in_files) continue;
    if (option.key == key) return &option;
    for (const auto alias : option.aliases) {
      if (alias == key) return &option;
    }
  }
  return nullptr;
}

bool IsIgnoredPm2Option(std::string_view key) {
  static const std::string_view kIgnored[] = {"vizion",
                                              "watch_options",
                                              "post_update",
                                              "source_map_support",
                                              "disable_source_map_support",
                                              "force",
                                              "automation",
                                              "pmx",
                                              "trace",
                                              "disable_trace",
                                              "append_env_to_name",
                                              "filter_env",
                                              "windows_hide",
                                              "kill_retry_time",
                                              "execute_command",
                                              "node_version",
                                              "max_memory_restart_interval",
                                              "deep_monitoring",
                                              "io",
                                              "versioning"};
  for (const auto k : kIgnored) {
    if (k == key) return true;
  }
  return false;
}

std::optional<std::string> SuggestAppOption(std::string_view key) {
  std::optional<std::string> best;
  int best_distance = 3;
  const auto consider = [&](std::string_view candidate) {
    const int allowed = std::max<int>(1, static_cast<int>(candidate.size()) / 3);
    const int d = EditDistanceAtMost(key, candidate, std::min(allowed, best_distance - 1));
    if (d < best_distance && d <= allowed) {
      best_distance = d;
      best = std::string(candidate);
    }
  };
  for (const auto& option : AppOptionTable()) {
    if (!option.in_files) continue;
    consider(option.key);
    for (const auto alias : option.aliases)
      consider(alias);
  }
  return best;
}

Result<std::string> EnvValueString(const ConfigValue& value) {
  switch (value.kind) {
    case ConfigValue::Kind::kString:
    case ConfigValue::Kind::kNumber:
      return value.text;
    case ConfigValue::Kind::kBool:
      return std::string(value.boolean ? "true" : "false");
    case ConfigValue::Kind::kNull:
      return std::string("null");
    default:
      return Want(value, "not a string, number or boolean");
  }
}

}  // namespace tend::ecosystem

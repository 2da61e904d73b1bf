#include "cli/app_spec_flags.h"

#include <sstream>

#include "config/app_option_table.h"
#include "config/byte_string_json.h"
#include "config/cpu_count.h"
#include "config/ecosystem/option_values.h"
#include "config/signal_names.h"
#include "config/umask_text.h"

namespace tend::cli {
namespace {

FlagKind KindOf(const AppOption& o) {
  switch (o.type) {
    case OptionType::kBool:
      return FlagKind::kBool;
    case OptionType::kInt:
    case OptionType::kDuration:
      return FlagKind::kInt;  // a flag's duration is milliseconds
    case OptionType::kExitCodes:
      return FlagKind::kIntList;
    case OptionType::kText:
    case OptionType::kTextOrNumber:
    case OptionType::kPath:
    case OptionType::kWords:
    case OptionType::kPaths:
    case OptionType::kSize:
    case OptionType::kChoice:
    case OptionType::kInstances:
    case OptionType::kCronText:
    case OptionType::kSignalName:
    case OptionType::kUmask:
    case OptionType::kWatch:
    case OptionType::kEnv:
      break;
  }
  return o.flag_value_optional ? FlagKind::kOptionalString : FlagKind::kString;
}

// "--max-restarts" of "-n,--name"-style names, for messages.
std::string FlagName(const AppOption& o) {
  const size_t comma = o.flag.rfind(',');
  return std::string(comma == std::string_view::npos ? o.flag : o.flag.substr(comma + 1));
}

Status FlagError(const AppOption& o, const std::string& message) {
  return Status::InvalidArgument(FlagName(o) + ": " + message);
}

Result<int64_t> ReadWholeNumber(const AppOption& o, const std::string& text) {
  const IntText n = ReadInt(text, o.range);
  if (n.error == IntText::Error::kNotInteger) {
    return FlagError(o, "'" + text + "' is not a whole number");
  }
  if (n.error == IntText::Error::kOutOfRange) return FlagError(o, OutOfRangeMessage(text, o.range));
  return n.value;
}

Status SetWholeNumber(const AppOption& o, const std::string& text, AppSpec& spec) {
  auto n = ReadWholeNumber(o, text);
  if (!n.ok()) return n.status();
  o.SetInteger(spec, *n);
  return Status::Ok();
}

Status SetExitCodes(const AppOption& o, const std::vector<std::string>& texts, AppSpec& spec) {
  for (const auto& text : texts) {
    auto n = ReadWholeNumber(o, text);
    if (!n.ok()) return n.status();
    o.Of<std::vector<int>>(spec).push_back(static_cast<int>(*n));
  }
  return Status::Ok();
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

Status SetChoice(const AppOption& o, const std::string& text, AppSpec& spec) {
  for (const auto& c : o.choices) {
    if (text == c.spelling) {
      o.Of<std::string>(spec) = std::string(c.stored);
      return Status::Ok();
    }
  }
  return FlagError(o, "\"" + text + "\" is not " + std::string(o.expected));
}

Status SetInstances(const AppOption& o, const std::string& text, AppSpec& spec) {
  auto n = ResolveInstances(text);
  if (!n.ok()) return FlagError(o, n.status().message());
  spec.instances = *n;
  spec.exec_mode = "cluster_mode";  // as PM2: -i means cluster mode, even -i 1
  return Status::Ok();
}

Status SetSignal(const AppOption& o, const std::string& text, AppSpec& spec) {
  auto sig = ParseSignal(text);
  if (!sig.ok()) return FlagError(o, sig.status().message());
  o.Of<std::string>(spec) = SignalName(*sig);
  return Status::Ok();
}

Status SetUmask(const AppOption& o, const std::string& text, AppSpec& spec) {
  auto mask = ParseUmask(text);
  if (!mask.ok()) return FlagError(o, mask.status().message());
  o.Of<std::string>(spec) = UmaskText(*mask);
  return Status::Ok();
}

Status SetSize(const AppOption& o, const std::string& text, AppSpec& spec) {
  auto bytes = ecosystem::ParseSizeBytes(text);
  if (!bytes.ok()) return FlagError(o, bytes.status().message());
  if (!o.range.Contains(*bytes)) return FlagError(o, OutOfRangeMessage(text, o.range));
  o.Of<int64_t>(spec) = *bytes;
  return Status::Ok();
}

// The value of a flag the user gave. A flag's text is never empty except `-l`'s.
Status ApplyFlag(const AppOption& o, const ParsedArgs& args, AppSpec& spec) {
  const std::string text = args.String(o.key).value_or("");
  switch (o.type) {
    case OptionType::kText:
    case OptionType::kTextOrNumber:
      if (Status utf8 = RequireUtf8Text(text); !utf8.ok()) return FlagError(o, utf8.message());
      [[fallthrough]];
    case OptionType::kPath:
      if (!text.empty() || o.flag_value_optional) o.Of<std::string>(spec) = text;
      return Status::Ok();
    case OptionType::kWords:
      if (!text.empty()) o.Of<std::vector<std::string>>(spec) = SplitWords(text);
      return Status::Ok();
    case OptionType::kBool:
      o.Of<bool>(spec) = !o.Of<bool>(AppSpec{});  // --no-autorestart, --wait-ready
      return Status::Ok();
    case OptionType::kInt:
    case OptionType::kDuration:
      return SetWholeNumber(o, text, spec);
    case OptionType::kExitCodes:
      return SetExitCodes(o, args.List(o.key), spec);
    case OptionType::kSize:
      return SetSize(o, text, spec);
    case OptionType::kChoice:
      return SetChoice(o, text, spec);
    case OptionType::kInstances:
      return SetInstances(o, text, spec);
    case OptionType::kSignalName:
      return SetSignal(o, text, spec);
    case OptionType::kUmask:
      return SetUmask(o, text, spec);
    case OptionType::kPaths:
    case OptionType::kCronText:
    case OptionType::kWatch:
    case OptionType::kEnv:
      break;  // no flag yet: give the type a case here when one of its options gets one
  }
  return Status::Internal("option '" + std::string(o.key) + "' has a flag of no known kind");
}

}  // namespace

std::vector<FlagSpec> AppOptionFlags() {
  std::vector<FlagSpec> flags;
  for (const auto& o : AppOptionTable()) {
    if (!o.flag.empty()) flags.push_back({o.flag, KindOf(o), o.key, o.doc, o.range});
  }
  return flags;
}

Status ApplyStartFlags(const ParsedArgs& args, AppSpec& spec) {
  for (const auto& o : AppOptionTable()) {
    if (o.flag.empty() || !args.Has(o.key)) continue;
    TEND_RETURN_IF_ERROR(ApplyFlag(o, args, spec));
  }
  if (args.saw_separator) spec.args = args.passthrough;
  return Status::Ok();
}

}  // namespace tend::cli

#include "config/app_spec_json.h"

#include <limits>
#include <string_view>

#include "config/app_option_table.h"
#include "config/byte_string_json.h"

namespace tend {
namespace {

using nlohmann::json;

// How a value type travels in JSON. Both directions are written from the one
// table, so an option cannot be saved and then forgotten on load.
enum class JsonForm { kString, kBytes, kBytesList, kBool, kInteger, kIntegerList, kBytesMap };

JsonForm FormOf(OptionType type) {
  switch (type) {
    case OptionType::kText:
    case OptionType::kTextOrNumber:
    case OptionType::kChoice:
    case OptionType::kCronText:
    case OptionType::kSignalName:
    case OptionType::kUmask:
      return JsonForm::kString;
    case OptionType::kPath:
      return JsonForm::kBytes;
    case OptionType::kWords:
    case OptionType::kPaths:
      return JsonForm::kBytesList;
    case OptionType::kBool:
    case OptionType::kWatch:
      return JsonForm::kBool;
    case OptionType::kInt:
    case OptionType::kDuration:
    case OptionType::kSize:
    case OptionType::kInstances:
      return JsonForm::kInteger;
    case OptionType::kExitCodes:
      return JsonForm::kIntegerList;
    case OptionType::kEnv:
      return JsonForm::kBytesMap;
  }
  return JsonForm::kString;
}

Status TypeError(std::string_view key, std::string_view want) {
  return Status::InvalidArgument("app spec field '" + std::string(key) + "': expected " +
                                 std::string(want));
}

// An integer that fits T: a dump never wraps a value into another one.
template <typename T>
bool Fits(const json& j) {
  if (j.is_number_unsigned()) {
    return j.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max());
  }
  const int64_t n = j.get<int64_t>();
  return n >= std::numeric_limits<T>::min() && n <= std::numeric_limits<T>::max();
}

Status IntegerFromJson(const AppOption& o, const json& j, AppSpec& s) {
  const bool is_int = std::holds_alternative<int AppSpec::*>(o.member);
  if (!j.is_number_integer() || !(is_int ? Fits<int>(j) : Fits<int64_t>(j))) {
    return TypeError(o.key, "an integer");
  }
  o.SetInteger(s, j.get<int64_t>());
  return Status::Ok();
}

Status IntegerListFromJson(const AppOption& o, const json& j, AppSpec& s) {
  const auto bad = [&o] { return TypeError(o.key, "an array of integers"); };
  if (!j.is_array()) return bad();
  auto& out = o.Of<std::vector<int>>(s);
  out.clear();
  for (const auto& c : j) {
    if (!c.is_number_integer() || !Fits<int>(c)) return bad();
    out.push_back(c.get<int>());
  }
  return Status::Ok();
}

template <typename T>
Status Take(Result<T> value, T& out) {
  if (!value.ok()) return value.status();
  out = std::move(value).value();
  return Status::Ok();
}

json ToJson(const AppOption& o, const AppSpec& s) {
  switch (FormOf(o.type)) {
    case JsonForm::kString:
      return json(o.Of<std::string>(s));
    case JsonForm::kBytes:
      return BytesToJson(o.Of<std::string>(s));
    case JsonForm::kBytesList:
      return BytesListToJson(o.Of<std::vector<std::string>>(s));
    case JsonForm::kBool:
      return json(o.Of<bool>(s));
    case JsonForm::kInteger:
      return json(o.GetInteger(s));
    case JsonForm::kIntegerList:
      return json(o.Of<std::vector<int>>(s));
    case JsonForm::kBytesMap:
      return BytesMapToJson(o.Of<std::map<std::string, std::string>>(s));
  }
  return json();
}

Status FromJson(const AppOption& o, const json& j, AppSpec& s) {
  switch (FormOf(o.type)) {
    case JsonForm::kString:
      if (!j.is_string()) return TypeError(o.key, "a string");
      o.Of<std::string>(s) = j.get<std::string>();
      return Status::Ok();
    case JsonForm::kBytes:
      return Take(BytesFromJson(j, o.key), o.Of<std::string>(s));
    case JsonForm::kBytesList:
      return Take(BytesListFromJson(j, o.key), o.Of<std::vector<std::string>>(s));
    case JsonForm::kBool:
      if (!j.is_boolean()) return TypeError(o.key, "true or false");
      o.Of<bool>(s) = j.get<bool>();
      return Status::Ok();
    case JsonForm::kInteger:
      return IntegerFromJson(o, j, s);
    case JsonForm::kIntegerList:
      return IntegerListFromJson(o, j, s);
    case JsonForm::kBytesMap:
      return Take(BytesMapFromJson(j, o.key), o.Of<std::map<std::string, std::string>>(s));
  }
  return Status::Ok();
}

}  // namespace

json AppSpecToJson(const AppSpec& spec) {
  json j = json::object();
  for (const auto& o : AppOptionTable())
    j[std::string(o.key)] = ToJson(o, spec);
  return j;
}

Result<AppSpec> AppSpecFromJson(const json& j) {
  if (!j.is_object()) return Status::InvalidArgument("app spec: expected an object");
  AppSpec spec;
  for (const auto& [key, value] : j.items()) {
    const AppOption* o = FindAppOptionByKey(key);
    if (o == nullptr) return Status::InvalidArgument("app spec: unknown field '" + key + "'");
    TEND_RETURN_IF_ERROR(FromJson(*o, value, spec));
  }
  return spec;
}

bool operator==(const AppSpec& a, const AppSpec& b) {
  return AppSpecToJson(a) == AppSpecToJson(b);
}

}  // namespace tend

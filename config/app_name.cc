#include "config/app_name.h"

#include <algorithm>
#include <cctype>

#include "config/byte_string_json.h"
#include "config/control_chars.h"
#include "config/home_layout.h"

namespace tend {

std::string QuoteName(std::string_view name, size_t max) {
  return QuoteForMessage(name, '\'', max);
}

Status CheckAppName(std::string_view name) {
  const auto refuse = [name](const std::string& why) {
    return Status::InvalidArgument("app name " + QuoteName(name) + " " + why);
  };
  if (name.size() > kMaxAppNameBytes) {
    return refuse("is too long: at most " + std::to_string(kMaxAppNameBytes) + " bytes");
  }
  if (HasControlChar(name)) {
    return refuse("contains a control character (newline, tab, ESC...): not allowed");
  }
  // Names travel to the daemon as JSON text, where bad bytes would become U+FFFD.
  if (!IsValidUtf8(name)) return refuse("is not valid UTF-8");
  if (!name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return refuse("is all digits: it could not be targeted, as a number means an id");
  }
  if (name == "all") return refuse("is reserved: 'all' means every app");
  return CheckSafeName("app name", name);
}

}  // namespace tend

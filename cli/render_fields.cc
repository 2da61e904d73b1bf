#include "cli/render_fields.h"

#include "cli/render_text.h"
#include "config/byte_string_json.h"

namespace tend::cli {

using nlohmann::json;

std::string TextField(const json& obj, std::string_view key, std::string_view fallback) {
  return EscapeForDisplay(BytesField(obj, key, fallback));
}

std::optional<ProcessState> StatusOf(const json& process) {
  return StateFromName(BytesField(process, "status", ""));
}

bool IsOnline(const json& process) {
  return StatusOf(process) == ProcessState::kOnline;
}

std::string_view StatusColor(std::string_view status) {
  const auto state = StateFromName(status);
  if (!state) return {};
  switch (*state) {
    case ProcessState::kOnline:
      return sgr::kGreen;
    case ProcessState::kStopped:
      return sgr::kGrey;
    case ProcessState::kErrored:
      return sgr::kRed;
    case ProcessState::kLaunching:
      return sgr::kCyan;
    case ProcessState::kWaitingRestart:
    case ProcessState::kStopping:
      return sgr::kYellow;
  }
  return {};
}

}  // namespace tend::cli

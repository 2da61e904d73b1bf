#include "daemon/supervise/restart_reasons.h"

#include <utility>

#include "config/byte_string_json.h"

namespace tend {

std::string_view RestartCauseName(RestartCause cause) {
  switch (cause) {
    case RestartCause::kCrash:
      return "crash";
    case RestartCause::kManual:
      return "manual";
    case RestartCause::kReload:
      return "reload";
    case RestartCause::kMemoryLimit:
      return "memory";
  }
  return "unknown";
}

void RestartReasons::Add(RestartReason reason) {
  reasons_.push_back(std::move(reason));
  while (reasons_.size() > kKept)
    reasons_.pop_front();
}

nlohmann::json RestartReasons::ToJson() const {
  auto out = nlohmann::json::array();
  for (const auto& r : reasons_) {
    out.push_back(
        {{"cause", RestartCauseName(r.cause)}, {"detail", BytesToJson(r.detail)}, {"at", r.at_ms}});
  }
  return out;
}

}  // namespace tend

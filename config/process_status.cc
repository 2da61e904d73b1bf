#include "config/process_status.h"

#include <array>

namespace tend {
namespace {

constexpr std::array<std::string_view, kProcessStateCount> kStateNames = {
    "launching", "online", "stopping", "stopped", "waiting restart", "errored"};

}  // namespace

std::string_view StateName(ProcessState state) {
  return kStateNames[static_cast<size_t>(state)];
}

std::optional<ProcessState> StateFromName(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<ProcessState>(i);
  }
  return std::nullopt;
}

}  // namespace tend

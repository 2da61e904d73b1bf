// The CLI reads a process's status from its wire name: every status the daemon can
// send has a colour, and an unknown name (a newer daemon) is shown plain, never refused.
#include "cli/render_fields.h"

#include <gtest/gtest.h>

namespace tend::cli {
namespace {

TEST(RenderFieldsTest, EveryStatusTheDaemonSendsIsReadBackAndColoured) {
  for (size_t i = 0; i < kProcessStateCount; ++i) {
    const auto state = static_cast<ProcessState>(i);
    const nlohmann::json process = {{"status", std::string(StateName(state))}};
    EXPECT_EQ(StatusOf(process), state) << StateName(state);
    EXPECT_FALSE(StatusColor(StateName(state)).empty()) << StateName(state);
    EXPECT_EQ(IsOnline(process), state == ProcessState::kOnline) << StateName(state);
  }
}

TEST(RenderFieldsTest, AnUnknownStatusIsPlainAndNotOnline) {
  const nlohmann::json process = {{"status", "one-day-new"}};
  EXPECT_EQ(StatusOf(process), std::nullopt);
  EXPECT_TRUE(StatusColor("one-day-new").empty());
  EXPECT_FALSE(IsOnline(process));
  EXPECT_FALSE(IsOnline(nlohmann::json::object()));
}

}  // namespace
}  // namespace tend::cli

// Signal names as users and clients of the socket write them (config/signal_names.h).
#include "config/signal_names.h"

#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "config/control_chars.h"

namespace tend {
namespace {

TEST(SignalNames, NamesShortNamesAndNumbers) {
  EXPECT_EQ(*ParseSignal("SIGTERM"), SIGTERM);
  EXPECT_EQ(*ParseSignal("usr2"), SIGUSR2);
  EXPECT_EQ(*ParseSignal("9"), SIGKILL);
  EXPECT_FALSE(ParseSignal("0").ok());
  EXPECT_FALSE(ParseSignal("99999").ok());
  EXPECT_EQ(SignalName(SIGINT), "SIGINT");
}

// Found while extending fuzz_option_values to ParseSignal: the daemon's answer to a client's
// `signal` quoted the whole name, so a 1 MB name made a 1 MB error, escapes included.
TEST(SignalNames, AnUnknownNameIsQuotedCutAndEscaped) {
  EXPECT_EQ(ParseSignal("SIGFOO").status().message(),
            "unknown signal 'SIGFOO' (use a name such as SIGTERM, SIGINT, SIGUSR2, or a number)");
  const std::string huge = ParseSignal(std::string(1 << 20, 'X')).status().message();
  EXPECT_LE(huge.size(), 200u);
  EXPECT_NE(huge.find("(1048576 bytes)"), std::string::npos) << huge;
  EXPECT_FALSE(HasControlChar(ParseSignal("\x1b]0;title\x07").status().message()));
}

}  // namespace
}  // namespace tend

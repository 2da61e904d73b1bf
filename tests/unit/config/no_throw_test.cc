#include "config/no_throw.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/unit/support/log_capture.h"

namespace tend {
namespace {

TEST(NoThrowTest, RunsTheBody) {
  int ran = 0;
  NoThrow("test body", [&] { ++ran; });
  EXPECT_EQ(ran, 1);
}

TEST(NoThrowTest, LogsAStdExceptionNamingTheCallback) {
  LogCapture log;
  NoThrow("pipe read callback", [] { throw std::runtime_error("bad frame"); });
  EXPECT_NE(log.text().find("error pipe read callback threw: bad frame"), std::string::npos)
      << log.text();
}

TEST(NoThrowTest, LogsAnythingElseThrown) {
  LogCapture log;
  NoThrow("signal callback", [] { throw 42; });
  EXPECT_NE(log.text().find("error signal callback threw: an exception that is not a "
                            "std::exception"),
            std::string::npos)
      << log.text();
}

}  // namespace
}  // namespace tend

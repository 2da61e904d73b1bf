// Whole numbers out of their range: from a flag, a usage error (exit 2) naming
// the flag and the range. Never a wrapped value, never an abort.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(NumberFlags, LogsLinesBeyondItsRangeIsAUsageErrorNotAnAbort) {
  TendHome home;
  auto r = home.Tend({"logs", "--lines", "99999999999999999999", "--nostream"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--lines: 99999999999999999999 is out of range"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace tend::test

// Whole numbers out of their range: from a flag, a usage error (exit 2) naming
// the flag and the range; from a file, an invalid value (exit 1) naming the
// file's line and the range. Never a wrapped value, never an abort.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(NumberFlags, MaxRestartsBeyondAnIntIsAUsageError) {
  TendHome home;
  auto r = home.Tend({"start", "/bin/sleep", "--max-restarts", "99999999999999999999", "--", "9"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--max-restarts: 99999999999999999999 is out of range 0..2147483647"),
            std::string::npos)
      << r.err;
  r = home.Tend({"start", "/bin/sleep", "--max-restarts", "4294967296", "--", "9"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("out of range 0..2147483647"), std::string::npos) << r.err;
}

TEST(NumberFlags, LogsLinesBeyondItsRangeIsAUsageErrorNotAnAbort) {
  TendHome home;
  auto r = home.Tend({"logs", "--lines", "99999999999999999999", "--nostream"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--lines: 99999999999999999999 is out of range"), std::string::npos)
      << r.err;
}

TEST(NumberFlags, AFileValueOutOfRangeNamesTheLineAndTheRange) {
  TendHome home;
  std::ofstream(home.ScratchDir() + "/ecosystem.json")
      << "{\"apps\": [{\n  \"script\": \"/bin/sleep\",\n  \"max_restarts\": 4294967296\n}]}\n";
  auto r = home.Tend({"config", "ecosystem.json"}, {}, home.ScratchDir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("ecosystem.json:3: apps[0].max_restarts: 4294967296 is out of range "
                       "0..2147483647"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace tend::test

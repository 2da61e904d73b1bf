#include "cli/run_guarded.h"

#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "cli/exit_codes.h"

namespace tend::cli {
namespace {

TEST(RunGuarded, PassesTheCommandsExitCodeThrough) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([] { return kExitNo; }, err), kExitNo);
  EXPECT_EQ(err.str(), "");
}

TEST(RunGuarded, AnExceptionIsAnInternalErrorWithExitCode3) {
  std::ostringstream err;
  const int code = RunGuarded(
      []() -> int { throw std::out_of_range("[json.exception.out_of_range.403] key 'pm_id'"); },
      err);
  EXPECT_EQ(code, kExitSystem);
  EXPECT_EQ(err.str(), "tend: internal error: [json.exception.out_of_range.403] key 'pm_id'\n");
}

TEST(RunGuarded, AnythingElseThrownIsAnInternalErrorToo) {
  std::ostringstream err;
  EXPECT_EQ(RunGuarded([]() -> int { throw 42; }, err), kExitSystem);
  EXPECT_EQ(err.str(), "tend: internal error: unknown exception\n");
}

}  // namespace
}  // namespace tend::cli

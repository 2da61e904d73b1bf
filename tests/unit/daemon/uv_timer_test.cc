#include "daemon/os/uv_timer.h"

#include <gtest/gtest.h>
#include <uv.h>

#include <memory>
#include <stdexcept>

#include "tests/unit/support/log_capture.h"

namespace tend {
namespace {

// A private loop, closed at the end of each test (the loop must have no handle left).
class TimerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(uv_loop_init(&loop_), 0); }
  void TearDown() override {
    uv_run(&loop_, UV_RUN_DEFAULT);  // runs the close callbacks of destroyed timers
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  uv_loop_t loop_{};
};

TEST_F(TimerTest, NeverStartedTimerIsInactiveAndCanBeStoppedAndDestroyed) {
  auto timer = std::make_unique<Timer>(&loop_);
  EXPECT_FALSE(timer->active());
  timer->Stop();
  EXPECT_FALSE(timer->active());
  timer.reset();
  EXPECT_EQ(uv_run(&loop_, UV_RUN_NOWAIT), 0);  // nothing keeps the loop alive
}

TEST_F(TimerTest, FiresOnceAfterStartAndCanBeStartedAgain) {
  Timer timer(&loop_);
  int fired = 0;
  timer.Start(0, [&] { ++fired; });
  EXPECT_TRUE(timer.active());
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(timer.active());
  timer.Start(0, [&] { ++fired; });
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 2);
}

TEST_F(TimerTest, StoppedTimerDoesNotFire) {
  Timer timer(&loop_);
  bool fired = false;
  timer.Start(0, [&] { fired = true; });
  timer.Stop();
  EXPECT_FALSE(timer.active());
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_FALSE(fired);
}

// A throwing callback must not reach libuv (std::terminate for anything thrown into C
// frames): it is logged, and the loop runs the next timer.
TEST_F(TimerTest, ThrowingCallbackIsLoggedAndTheLoopGoesOn) {
  LogCapture log;
  Timer throws_std(&loop_);
  Timer throws_other(&loop_);
  Timer after(&loop_);
  bool after_fired = false;
  throws_std.Start(0, [] { throw std::runtime_error("boom"); });
  throws_other.Start(1, [] { throw 7; });
  after.Start(2, [&] { after_fired = true; });
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_TRUE(after_fired);
  EXPECT_NE(log.text().find("error timer callback threw: boom"), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("timer callback threw: an exception that is not"), std::string::npos);
}

TEST_F(TimerTest, RepeatingTimerKeepsFiringAfterItsCallbackThrew) {
  LogCapture log;
  Timer timer(&loop_);
  int fired = 0;
  timer.StartRepeating(1, [&] {
    if (++fired == 3) timer.Stop();
    throw 1;
  });
  uv_run(&loop_, UV_RUN_DEFAULT);
  EXPECT_EQ(fired, 3);
}

}  // namespace
}  // namespace tend

#pragma once
// Clock: the seam through which a supervisor reads time and sets timers, so restart
// delays, kill timeouts and uptimes can be tested by advancing a fake by hand.
// LoopClock is the real one (the system clocks, and Timers on a libuv loop).

#include <uv.h>

#include <cstdint>
#include <functional>
#include <memory>

namespace tend {

// One timer of a Clock; as Timer (daemon/os/uv_timer.h): no callback runs after it is gone.
class ClockTimer {
 public:
  virtual ~ClockTimer() = default;
  // Replaces any pending expiry.
  virtual void Start(int64_t delay_ms, std::function<void()> callback) = 0;
  // Fires every period_ms until Stop.
  virtual void StartRepeating(int64_t period_ms, std::function<void()> callback) = 0;
  virtual void Stop() = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // For durations (uptime, restart policy).
  virtual int64_t MonoMs() const = 0;
  // For what users read (created at, started at).
  virtual int64_t WallMs() const = 0;
  virtual std::unique_ptr<ClockTimer> NewTimer() = 0;
};

class LoopClock : public Clock {
 public:
  explicit LoopClock(uv_loop_t* loop) : loop_(loop) {}
  int64_t MonoMs() const override;
  int64_t WallMs() const override;
  std::unique_ptr<ClockTimer> NewTimer() override;

 private:
  uv_loop_t* loop_;
};

}  // namespace tend

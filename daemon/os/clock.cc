#include "daemon/os/clock.h"

#include "config/wall_clock.h"
#include "daemon/os/uv_timer.h"

namespace tend {
namespace {

// Timer behind the ClockTimer face; Timer keeps the handle-lifetime rules.
class LoopTimer : public ClockTimer {
 public:
  explicit LoopTimer(uv_loop_t* loop) : timer_(loop) {}
  void Start(int64_t delay_ms, std::function<void()> callback) override {
    timer_.Start(delay_ms, std::move(callback));
  }
  void StartRepeating(int64_t period_ms, std::function<void()> callback) override {
    timer_.StartRepeating(period_ms, std::move(callback));
  }
  void Stop() override { timer_.Stop(); }

 private:
  Timer timer_;
};

}  // namespace

int64_t LoopClock::MonoMs() const {
  return tend::MonoMs();
}

int64_t LoopClock::WallMs() const {
  return tend::WallMs();
}

std::unique_ptr<ClockTimer> LoopClock::NewTimer() {
  return std::make_unique<LoopTimer>(loop_);
}

}  // namespace tend

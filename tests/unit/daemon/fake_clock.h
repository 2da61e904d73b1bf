#pragma once
// FakeClock: a Clock that moves only when the test advances it. Its timers fire
// during Advance, in the order they fall due, each at its own time; nothing runs
// on its own, so a test of delays and timeouts never waits.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "daemon/os/clock.h"

namespace tend::fake {

class FakeClock : public Clock {
 public:
  int64_t MonoMs() const override { return now_; }
  int64_t WallMs() const override { return kWallEpochMs + now_; }
  std::unique_ptr<ClockTimer> NewTimer() override { return std::make_unique<Timer>(this); }

  // Moves time on by `ms`, firing what falls due on the way.
  void Advance(int64_t ms) {
    const int64_t target = now_ + ms;
    while (Timer* next = NextDue(target)) {
      now_ = next->due_;
      next->Fire();
    }
    now_ = target;
  }
  // Timers armed now, for "nothing is pending" assertions.
  size_t pending() const {
    return std::count_if(timers_.begin(), timers_.end(), [](Timer* t) { return t->active_; });
  }

  static constexpr int64_t kWallEpochMs = 1'700'000'000'000;

 private:
  class Timer : public ClockTimer {
   public:
    explicit Timer(FakeClock* clock) : clock_(clock) { clock_->timers_.push_back(this); }
    ~Timer() override {
      auto& all = clock_->timers_;
      all.erase(std::remove(all.begin(), all.end(), this), all.end());
    }
    void Start(int64_t delay_ms, std::function<void()> callback) override {
      Arm(delay_ms, 0, std::move(callback));
    }
    void StartRepeating(int64_t period_ms, std::function<void()> callback) override {
      Arm(period_ms, period_ms, std::move(callback));
    }
    void Stop() override { active_ = false; }

    void Fire() {
      if (period_ > 0) {
        due_ += period_;
      } else {
        active_ = false;
      }
      auto callback = callback_;  // it may restart or destroy this timer
      callback();
    }

    FakeClock* clock_;
    bool active_ = false;
    int64_t due_ = 0;
    int64_t period_ = 0;
    std::function<void()> callback_;

   private:
    void Arm(int64_t delay_ms, int64_t period_ms, std::function<void()> callback) {
      active_ = true;
      due_ = clock_->now_ + std::max<int64_t>(delay_ms, 0);
      period_ = period_ms;
      callback_ = std::move(callback);
    }
  };

  Timer* NextDue(int64_t until) const {
    Timer* next = nullptr;
    for (Timer* t : timers_) {
      if (t->active_ && t->due_ <= until && (next == nullptr || t->due_ < next->due_)) next = t;
    }
    return next;
  }

  int64_t now_ = 0;
  std::vector<Timer*> timers_;
};

}  // namespace tend::fake

#include "daemon/os/uv_timer.h"

#include "config/no_throw.h"

namespace tend {

struct Timer::State {
  uv_timer_t handle{};
  std::function<void()> callback;
};

Timer::Timer(uv_loop_t* loop) : loop_(loop) {}

Timer::State& Timer::EnsureState() {
  if (state_ == nullptr) {
    state_ = new State;
    uv_timer_init(loop_, &state_->handle);
    state_->handle.data = state_;
  }
  return *state_;
}

Timer::~Timer() {
  if (state_ == nullptr) return;
  uv_timer_stop(&state_->handle);
  state_->callback = nullptr;
  uv_close(reinterpret_cast<uv_handle_t*>(&state_->handle),
           [](uv_handle_t* h) { delete static_cast<State*>(h->data); });
}

void Timer::Start(int64_t delay_ms, std::function<void()> callback) {
  EnsureState();
  state_->callback = std::move(callback);
  uv_timer_start(
      &state_->handle,
      [](uv_timer_t* h) {
        auto* s = static_cast<State*>(h->data);
        // Move out first: the callback may restart or destroy the timer.
        auto cb = std::move(s->callback);
        s->callback = nullptr;
        if (cb) NoThrow("timer callback", cb);
      },
      static_cast<uint64_t>(delay_ms < 0 ? 0 : delay_ms), 0);
}

void Timer::StartRepeating(int64_t period_ms, std::function<void()> callback) {
  EnsureState();
  state_->callback = std::move(callback);
  const auto period = static_cast<uint64_t>(period_ms < 1 ? 1 : period_ms);
  uv_timer_start(
      &state_->handle,
      [](uv_timer_t* h) {
        auto* s = static_cast<State*>(h->data);
        auto cb = s->callback;  // copy: the callback may Stop() or replace it
        if (cb) NoThrow("timer callback", cb);
      },
      period, period);
}

void Timer::Stop() {
  if (state_ == nullptr) return;
  uv_timer_stop(&state_->handle);
  state_->callback = nullptr;
}

bool Timer::active() const {
  return state_ != nullptr &&
         uv_is_active(reinterpret_cast<const uv_handle_t*>(&state_->handle)) != 0;
}

}  // namespace tend

#pragma once
// Timer: a one-shot libuv timer owned by a C++ object.
// Handle-lifetime rules, written once for the daemon: a libuv handle lives on
// the heap and is freed only in its close callback; the owner may be destroyed
// at any time (it closes the handle and forgets it); no callback runs after the
// owner is gone, and every callback's body runs inside NoThrow (config/no_throw.h).

#include <uv.h>

#include <cstdint>
#include <functional>

namespace tend {

class Timer {
 public:
  explicit Timer(uv_loop_t* loop);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // Replaces any pending expiry.
  void Start(int64_t delay_ms, std::function<void()> callback);
  // Fires every period_ms until Stop.
  void StartRepeating(int64_t period_ms, std::function<void()> callback);
  void Stop();
  bool active() const;

 private:
  struct State;
  // Created by the first Start: most processes' timers (stop, restart, readiness)
  // never run, and a handle costs ~180 bytes each.
  State& EnsureState();

  uv_loop_t* loop_;
  State* state_ = nullptr;
};

}  // namespace tend

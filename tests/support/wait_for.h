#pragma once
// Waiting for a condition instead of sleeping: poll a predicate until it holds
// or a deadline passes. The deadline is scaled by the build flavour
// (slowdown.h), so a sanitizer build gets the time it needs; a test that checks
// that something does *not* happen within a window gets a longer window there
// too, which only makes the check stronger.

#include <chrono>
#include <functional>

namespace tend::test {

// Polls `condition` every `step` until it returns true or Scaled(`timeout`) has
// passed; it is asked once more at the deadline. True if it held.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = std::chrono::seconds(10),
             std::chrono::milliseconds step = std::chrono::milliseconds(10));

}  // namespace tend::test

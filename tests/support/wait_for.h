#pragma once
// Waiting for a condition instead of sleeping: poll a predicate until it holds
// or a deadline passes.

#include <chrono>
#include <functional>

namespace tend::test {

// Polls `condition` every `step` until it returns true or `timeout` has
// passed; it is asked once more at the deadline. True if it held.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = std::chrono::seconds(10),
             std::chrono::milliseconds step = std::chrono::milliseconds(10));

}  // namespace tend::test

#pragma once
// How much slower than a release build this test binary runs, so deadlines and
// work sizes can follow the build flavour instead of being tuned for one. A
// deadline scaled up only changes how long a failing test takes to fail.

#include <chrono>

namespace tend::test {

// "release", "debug", "asan" or "tsan": set by tests/CMakeLists.txt.
const char* BuildFlavour();

// 1 in release, 2 in a plain debug build, 5 under ASan+UBSan, 15 under TSan.
// TEND_TEST_SLOWDOWN=<n> in the environment (n >= 1) overrides it, for a busy machine.
int SlowdownFactor();

// `ms` times SlowdownFactor().
std::chrono::milliseconds Scaled(std::chrono::milliseconds ms);
int ScaledMs(int ms);

}  // namespace tend::test

#include "tests/support/slowdown.h"

#include <cstdlib>

#ifndef TEND_TEST_SLOWDOWN
#error "tests/CMakeLists.txt defines TEND_TEST_SLOWDOWN for every test target"
#endif

namespace tend::test {

const char* BuildFlavour() {
  return TEND_TEST_FLAVOUR;
}

int SlowdownFactor() {
  static const int factor = [] {
    const char* env = std::getenv("TEND_TEST_SLOWDOWN");
    const int from_env = env == nullptr ? 0 : std::atoi(env);
    return from_env >= 1 ? from_env : TEND_TEST_SLOWDOWN;
  }();
  return factor;
}

std::chrono::milliseconds Scaled(std::chrono::milliseconds ms) {
  return ms * SlowdownFactor();
}

int ScaledMs(int ms) {
  return ms * SlowdownFactor();
}

}  // namespace tend::test

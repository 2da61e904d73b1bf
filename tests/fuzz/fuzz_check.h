#pragma once
// FUZZ_CHECK: an invariant of a fuzz target. When it does not hold, the input is a
// finding as much as a crash is: say which and abort, so libFuzzer saves the input.
// (assert() is compiled out of the fuzz build's optimised code.)

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

# libFuzzer (tests/fuzz, scripts/fuzz.sh): every file instrumented for coverage, and ASan +
# UBSan as below, so a fuzz target finds what the sanitizer build would.
if(TEND_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TEND_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
  endif()
  set(TEND_SANITIZE ON)
  # -O1 and line tables only (after the build type's flags, so they win): the usual libFuzzer
  # build, which compiles in about half the time of -O2 -g and still runs fast.
  add_compile_options(-fsanitize=fuzzer-no-link -O1 -gline-tables-only)
endif()

# ASan + UBSan for the whole build: every error is fatal so a test cannot pass over one.
if(TEND_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
  add_compile_definitions(TEND_SANITIZE=1)
endif()

# ThreadSanitizer, for the code that runs on libuv's thread pool (log writes, gzip, dump
# writes): scripts/test.sh builds the daemon's unit tests with it.
option(TEND_TSAN "Build with ThreadSanitizer" OFF)
if(TEND_TSAN)
  if(TEND_SANITIZE)
    message(FATAL_ERROR "TEND_TSAN and TEND_SANITIZE cannot be combined")
  endif()
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()

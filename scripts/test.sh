#!/usr/bin/env bash
# Everything CI checks: install, build with -Werror, run every test, then the
# same again under AddressSanitizer + UndefinedBehaviorSanitizer, the daemon's
# unit tests under ThreadSanitizer, and the fuzz targets.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

echo "== release build and tests"
bash scripts/build.sh release
ctest --test-dir build/release -j "$jobs" --output-on-failure --timeout 300

echo "== asan+ubsan build and tests"
bash scripts/build.sh asan
ctest --test-dir build/asan -j "$jobs" --output-on-failure --timeout 600

# The daemon's only threads are libuv's pool (log writes, gzip, dump writes): its unit tests
# run those paths under ThreadSanitizer.
echo "== tsan build and the daemon's unit tests"
bash scripts/build.sh tsan
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build/tsan/tests/unit_daemon

# libFuzzer targets (tests/fuzz, built with clang): every committed corpus replayed, then each
# target fuzzed for TEND_FUZZ_SECONDS (default 20 s, two targets at a time on two cores).
echo "== fuzz targets"
bash scripts/fuzz.sh

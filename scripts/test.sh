#!/usr/bin/env bash
# Everything CI checks: install, build with -Werror, run every test, then the
# same again under AddressSanitizer + UndefinedBehaviorSanitizer, and the daemon's
# unit tests under ThreadSanitizer.
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

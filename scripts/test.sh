#!/usr/bin/env bash
# Everything CI checks: install, build with -Werror, run every test, then the
# same again under AddressSanitizer + UndefinedBehaviorSanitizer.
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

#!/usr/bin/env bash
# Configures and builds one flavour of tend: release (default), asan, or tsan (only the
# daemon's unit tests, where libuv's thread pool runs tend's code).
# Usage: scripts/build.sh [release|asan|tsan] [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
case "$flavour" in
  release) dir=${2:-build/release}; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=${2:-build/asan}; flags=(-DCMAKE_BUILD_TYPE=Debug -DTEND_SANITIZE=ON) ;;
  tsan) dir=${2:-build/tsan}; flags=(-DCMAKE_BUILD_TYPE=Debug -DTEND_TSAN=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan|tsan] [build-dir]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DTEND_WERROR=ON "${flags[@]}" >/dev/null
if [[ "$flavour" == tsan ]]; then
  cmake --build "$dir" -j "$(nproc)" --target unit_daemon
else
  cmake --build "$dir" -j "$(nproc)"
fi

#!/usr/bin/env bash
# Configures and builds one flavour of tend: release (default) or asan.
# Usage: scripts/build.sh [release|asan] [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
case "$flavour" in
  release) dir=${2:-build/release}; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=${2:-build/asan}; flags=(-DCMAKE_BUILD_TYPE=Debug -DTEND_SANITIZE=ON) ;;
  *) echo "usage: scripts/build.sh [release|asan] [build-dir]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DTEND_WERROR=ON "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)"

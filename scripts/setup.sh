#!/usr/bin/env bash
# Installs everything tend needs to build, test and run its examples, from
# Debian's packages only. Idempotent; needs root (or sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libuv1-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libyaml-cpp-dev
  libgtest-dev zlib1g-dev libre2-dev libncurses-dev
  clang libclang-rt-14-dev
  nodejs python3 procps util-linux socat tmux
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from another source than Debian (e.g. nodesource); any node works.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs/}")
fi
pending=()
for p in "${missing[@]}"; do [ -n "$p" ] && pending+=("$p"); done
if [ ${#pending[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${pending[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${pending[@]}" >/dev/null

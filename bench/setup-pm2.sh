#!/usr/bin/env bash
# Installs PM2 into bench/.pm2 (gitignored) so bench_core.py can run it side by side with tend.
# Idempotent: does nothing when bench/.pm2 already holds a working pm2.
# PM2_VERSION selects the version (default: whatever npm serves as `latest`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prefix="$here/.pm2"
pm2_bin="$prefix/node_modules/.bin/pm2"

if [[ -x "$pm2_bin" ]] && [[ -z "${PM2_VERSION:-}" ]]; then
  echo "pm2 already installed: $pm2_bin ($(node -p "require('$prefix/node_modules/pm2/package.json').version"))"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if [[ "${CI:-}" == "true" ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
  else
    echo "npm not found: install node and npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
fi

mkdir -p "$prefix"
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "pm2@${PM2_VERSION:-latest}"
echo "pm2 installed: $pm2_bin"

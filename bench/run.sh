#!/usr/bin/env bash
# Runs the core benchmarks: tend (built Release into build-bench/, or $TEND_BIN_DIR) and PM2
# side by side when bench/.pm2 holds it (bench/setup-pm2.sh installs it; --setup-pm2 here does).
# Every other argument goes to bench_core.py (see `bench/run.sh --help`).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
args=()
for a in "$@"; do
  if [[ "$a" == "--setup-pm2" ]]; then
    "$here/setup-pm2.sh"
  else
    args+=("$a")
  fi
done
exec python3 "$here/bench_core.py" "${args[@]+"${args[@]}"}"

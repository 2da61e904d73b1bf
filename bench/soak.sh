#!/usr/bin/env bash
# Soak test (not CI): random app crashes, reloads, restarts, stops, daemon kills and log
# floods for N minutes against a private TEND_HOME, then a consistency check of the states,
# the processes and every numbered line (bench/soak.py says what is checked).
# Usage: bench/soak.sh [--bin BUILD_DIR] [--minutes N] [--apps K] [--seed S]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$here/soak.py" "$@"

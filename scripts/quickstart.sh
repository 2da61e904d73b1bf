#!/usr/bin/env bash
# The main job: install what tend needs, build it, start the daemon with the
# example apps (examples/ecosystem.yaml) and print the process table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
tend=build/release/cli/tend
"$tend" start examples/ecosystem.yaml >/dev/null
"$tend" ls
echo
echo "tend is running the examples. Try: $tend logs | $tend describe web | $tend stop all | $tend kill"

#!/usr/bin/env bash
# `tend jlist` and `tend ls --json` latency with N apps (median of R runs), in a
# private TEND_HOME removed at the end. Usage: bench/jlist.sh BIN_DIR N [R]
# BIN_DIR holds cli/tend and daemon/tendd (a build dir). Apps are /bin/sleep.
set -euo pipefail
bin=$1 n=$2 runs=${3:-9}
home=$(mktemp -d /tmp/tend-jlist.XXXXXX)
export TEND_HOME=$home TEND_DAEMON_BIN=$bin/daemon/tendd
T=$bin/cli/tend
trap '$T kill >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
python3 -c "
import json,sys
print(json.dumps({'apps':[{'name':'a%d'%i,'script':'/bin/sleep','args':['600']} for i in range($n)]}))
" >"$home/eco.json"
$T start "$home/eco.json" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for cmd in jlist "ls --json"; do
  $T $cmd >/dev/null  # warm: /proc sampled once
  ms=$(for _ in $(seq "$runs"); do
    s=$(date +%s%N); $T $cmd >/dev/null; e=$(date +%s%N)
    echo $(((e - s) / 1000000))
  done | median)
  echo "$n apps, tend $cmd: $ms ms (median of $runs)"
done

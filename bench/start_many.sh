#!/usr/bin/env bash
# Time of `tend start eco.json` for N apps (/bin/sleep 600) from one ecosystem file, the
# daemon's CPU time during it, and its RSS at once and 3 s after (when the memory the
# request took is given back), median of R runs; each run in a fresh private
# TEND_HOME under DIR (default /tmp), killed and removed after it.
# Usage: bench/start_many.sh BIN_DIR N [R] [DIR]
set -euo pipefail
bin=$1 n=$2 runs=${3:-5} dir=${4:-/tmp}
export TEND_DAEMON_BIN=$bin/daemon/tendd
T=$bin/cli/tend
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
one_run() {
  local home
  home=$(mktemp -d "$dir/tend-start.XXXXXX")
  export TEND_HOME=$home
  python3 -c "
import json
print(json.dumps({'apps':[{'name':'a%d'%i,'script':'/bin/sleep','args':['600']} for i in range($n)]}))
" >"$home/eco.json"
  $T ping >/dev/null
  local pid ticks0 ticks1 s e rss rss_later
  pid=$(cat "$home/tendd.pid")
  ticks0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  s=$(date +%s%N); $T start "$home/eco.json" >/dev/null; e=$(date +%s%N)
  ticks1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  sleep 3
  rss_later=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "$(((e - s) / 1000000)) $(((ticks1 - ticks0) * 1000 / $(getconf CLK_TCK))) $((rss / 1024)) $((rss_later / 1024))"
  $T kill >/dev/null 2>&1 || true
  rm -rf "$home"
}
results=$(for _ in $(seq "$runs"); do one_run; done)
echo "$results" | sed 's/^/run: start_ms daemon_cpu_ms rss_mb rss_3s_later_mb = /'
echo "$n apps: start $(echo "$results" | awk '{print $1}' | median) ms, daemon CPU" \
  "$(echo "$results" | awk '{print $2}' | median) ms, RSS $(echo "$results" | awk '{print $3}' | median) MB," \
  "$(echo "$results" | awk '{print $4}' | median) MB 3 s later" \
  "(median of $runs, homes in $dir)"

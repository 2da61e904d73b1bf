#!/bin/sh
# Prints the time every 5 s; on stderr once a minute, to show both log files.
n=0
while true; do
  echo "tick $(date -u +%H:%M:%S)"
  n=$((n + 1))
  [ $((n % 12)) -eq 0 ] && echo "ticker: a minute has passed" >&2
  sleep 5
done

#!/usr/bin/env bash
# The fuzz stage of CI (docs/reliability.md#fuzzing): builds the libFuzzer targets of
# tests/fuzz with clang in build/fuzz, replays each committed corpus
# (tests/fuzz/corpus/<target>/), then fuzzes each target for a fixed time. Fails on any
# crash, sanitizer report, leak, timeout (5 s an input) or memory past 2 GB, and then
# names the saved input (build/fuzz/artifacts/<target>/).
#
# Usage: scripts/fuzz.sh [target...]        (default: every tests/fuzz/fuzz_*.cc)
#   TEND_FUZZ_SECONDS  fuzzing time per target, default 20 (0: replay the corpora only)
#   TEND_FUZZ_JOBS     targets fuzzed at once, default nproc
#   TEND_FUZZ_DIR      build directory, default build/fuzz
# New inputs found go to build/fuzz/corpus/<target>/, never into the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${TEND_FUZZ_SECONDS:-20}
jobs=${TEND_FUZZ_JOBS:-$(nproc)}
dir=${TEND_FUZZ_DIR:-build/fuzz}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cc; do targets+=("$(basename "$f" .cc)"); done
fi

# The dictionary of a target: tokens of its format, so the fuzzer reaches past the syntax.
dict_of() {
  case "$1" in
    fuzz_request | fuzz_answer) echo tests/fuzz/dict/frames.dict ;;
    fuzz_ecosystem_*) echo tests/fuzz/dict/ecosystem.dict ;;
    fuzz_dump | fuzz_settings) echo tests/fuzz/dict/persist.dict ;;
    *) echo "" ;;
  esac
}

echo "== fuzz: building ${#targets[@]} targets in $dir"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$dir" -G Ninja -DTEND_WERROR=ON -DTEND_FUZZ=ON -DTEND_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  "${launcher[@]}" >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}" | tail -n 1
echo "   built in ${SECONDS} s"

mkdir -p "$dir/logs"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
common=(-timeout=5 -rss_limit_mb=2048 -print_final_stats=1)

# run <target> <mode>: mode "replay" runs every committed input once; "fuzz" runs for
# $seconds, adding what it finds to the scratch corpus.
run() {
  local target=$1 mode=$2 seeds="tests/fuzz/corpus/$1" log="$dir/logs/$1.$2.log"
  local scratch="$dir/corpus/$target" artifacts="$dir/artifacts/$target/" dict
  dict=$(dict_of "$target")
  mkdir -p "$scratch" "$artifacts"
  local args=("${common[@]}" -artifact_prefix="$artifacts")
  [ -n "$dict" ] && args+=(-dict="$dict")
  if [ "$mode" = replay ]; then
    "$dir/tests/fuzz/$target" "${args[@]}" -runs=0 "$seeds" >"$log" 2>&1
  else
    "$dir/tests/fuzz/$target" "${args[@]}" -max_total_time="$seconds" "$scratch" "$seeds" \
      >"$log" 2>&1
  fi
}

# One line per target: executions per second, edges covered (cov), features (ft), corpus.
summary() {
  local log=$1 done_line rate
  done_line=$(grep -E '^#[0-9]+.*(DONE|INITED)' "$log" | tail -n 1 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  echo "$(sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+(cov: [0-9]+ ft: [0-9]+ corp: [^ ]+).*/runs \1, \2/' <<<"$done_line"), ${rate:-?} exec/s"
}

failed=()
# run_all <mode>: every target, at most $jobs at a time; each one's exit code in a file.
run_all() {
  local mode=$1 target
  for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    (if run "$target" "$mode"; then echo 0; else echo $?; fi >"$dir/logs/$target.$mode.rc") &
  done
  wait
  for target in "${targets[@]}"; do
    local log="$dir/logs/$target.$mode.log"
    if [ "$(cat "$dir/logs/$target.$mode.rc")" = 0 ]; then
      printf '  %-26s ok   %s\n' "$target" "$(summary "$log")"
    else
      printf '  %-26s FAIL (%s)\n' "$target" "$log"
      grep -E 'ERROR|SUMMARY|invariant failed|Test unit written|runtime error' "$log" | head -n 8 |
        sed 's/^/      /'
      failed+=("$target ($mode)")
    fi
  done
}

echo "== fuzz: replaying the committed corpora"
run_all replay
if [ ${#failed[@]} -eq 0 ] && [ "$seconds" -gt 0 ]; then
  echo "== fuzz: ${seconds} s per target, $jobs at a time"
  run_all fuzz
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (${SECONDS} s in all)" >&2
  exit 1
fi
echo "fuzz: every target passed (${SECONDS} s in all)"

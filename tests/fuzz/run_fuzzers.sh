#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (BUILD_DIR/tests/fuzz/*_fuzzer)
# for an equal share of SECONDS_TOTAL (default 60), each from a scratch copy of
# its seed corpus tests/fuzz/corpus/<name>/ (<name> is the fuzzer's name without
# `_fuzzer`), so the seeds in the repository are never changed.
#
# Prints one summary line per fuzzer on stdout. Exits 1 if any fuzzer crashed,
# leaked, timed out or broke a promise (its log and the failing input are kept
# in BUILD_DIR/fuzz-failures/<name>/), 2 on bad usage or a missing fuzzer or
# seed corpus.
#
#   tests/fuzz/run_fuzzers.sh build-fuzz 20
set -euo pipefail

usage() {
  echo "usage: $0 BUILD_DIR [SECONDS_TOTAL]" >&2
  exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
build_dir=$1
seconds_total=${2:-60}
[[ $seconds_total =~ ^[0-9]+$ && $seconds_total -gt 0 ]] || {
  echo "run_fuzzers: SECONDS_TOTAL must be a positive whole number, got \"$seconds_total\"" >&2
  exit 2
}

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus_root="$source_dir/corpus"
fuzzer_dir="$build_dir/tests/fuzz"
if [[ ! -d $fuzzer_dir ]]; then
  echo "run_fuzzers: no fuzzers in \"$build_dir\" (expected $fuzzer_dir; configure with -DSTALEBASE_FUZZ=ON and build)" >&2
  exit 2
fi

# Every fuzzer source must have been built: a stale build would silently skip one.
fuzzers=()
for source in "$source_dir"/*_fuzzer.cpp; do
  [[ -e $source ]] || continue
  name=$(basename "$source" .cpp)
  if [[ ! -x $fuzzer_dir/$name ]]; then
    echo "run_fuzzers: $name is not built in \"$fuzzer_dir\" (rebuild $build_dir)" >&2
    exit 2
  fi
  fuzzers+=("$fuzzer_dir/$name")
done
if [[ ${#fuzzers[@]} -eq 0 ]]; then
  echo "run_fuzzers: no tests/fuzz/*_fuzzer.cpp sources" >&2
  exit 2
fi

share=$((seconds_total / ${#fuzzers[@]}))
((share >= 1)) || share=1

# UBSan must stop at the first report, so that it counts as a crash.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

work=$(mktemp -d "${TMPDIR:-/tmp}/stalebase-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures_dir="$build_dir/fuzz-failures"
rm -rf "$failures_dir" # only this run's failures are kept

# The last value of a libFuzzer status field (`cov: 123`, `corp: 45/6789b`) in a log.
last_field() {
  grep -a -oE "$1: [0-9]+" "$2" | tail -n 1 | grep -oE '[0-9]+$' || echo "?"
}

failed=0
for fuzzer in "${fuzzers[@]}"; do
  fuzzer_name=$(basename "$fuzzer")
  name=${fuzzer_name%_fuzzer}
  seeds="$corpus_root/$name"
  if [[ ! -d $seeds ]] || [[ -z $(ls -A "$seeds") ]]; then
    echo "$fuzzer_name: FAILED: no seed corpus in tests/fuzz/corpus/$name/"
    failed=1
    continue
  fi
  corpus="$work/$name/corpus"
  artifacts="$work/$name/artifacts"
  log="$work/$name/log"
  mkdir -p "$corpus" "$artifacts"
  cp -R "$seeds/." "$corpus/"

  status=0
  "$fuzzer" -max_total_time="$share" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?

  runs=$(grep -a -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  cov=$(last_field cov "$log")
  inputs=$(find "$corpus" -type f | wc -l)
  if [[ $status -eq 0 ]]; then
    echo "$fuzzer_name: ok: $runs runs in ${share}s, coverage $cov, corpus $inputs inputs"
    continue
  fi

  failed=1
  kept="$failures_dir/$name"
  mkdir -p "$kept"
  cp "$log" "$kept/log"
  cp -R "$artifacts/." "$kept/"
  artifact=$(find "$kept" -type f ! -name log | head -n 1)
  kind=$(grep -a -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-zA-Z -]+|runtime error: .*|broken promise: .*' "$log" | head -n 1 || true)
  echo "$fuzzer_name: FAILED (exit $status): ${kind:-see the log}; input: ${artifact:-none saved}; log: $kept/log"
  # The report itself, for CI logs.
  grep -a -A 30 -E '==[0-9]+==ERROR|runtime error|broken promise|ERROR: libFuzzer' "$log" | head -n 60 >&2 || true
done

exit "$failed"

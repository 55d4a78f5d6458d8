#!/usr/bin/env bash
# Parse+extract throughput of stalebase, in process (one thread) and as a whole `stalebase refs`
# run in both formats (table and json, median of 3, on every core), on a generated corpus of
# 10,000 realistic Dockerfiles, with the load average around it. Usage: bash bench/parse.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
build=build-bench-parse  # its own tree: one inside build/ would add its tests to build/'s ctest
bash scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTALEBASE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_bench_parse
corpus=bench/out/corpus-$count
rm -rf "$corpus"
"$build/bench/stalebase_bench_parse" generate "$corpus" "$count"
echo "corpus: $(du -sh "$corpus" | cut -f1)"
echo
echo "== in process (parse + extract, single thread)"
"$build/bench/stalebase_bench_parse" run "$corpus" 5
echo
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc 2>/dev/null || echo '?') cores"
# Whole process, each format: the median of 3 runs (refs parses on every core).
for format in table json; do
  echo
  echo "== whole process: stalebase refs --format $format (median of 3)"
  times=()
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$build/stalebase" refs --format "$format" "$corpus" >/dev/null
    end=$(date +%s.%N)
    times+=("$(awk "BEGIN{print $end - $start}")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  awk -v t="$median" -v b="$bytes" -v n="$count" -v all="${times[*]}" \
    'BEGIN{printf "%.3f s, %.1f MB/s, %.0f files/s (runs: %s s)\n", t, b/t/1e6, n/t, all}'
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "peak memory of stalebase refs --format $format: %M KiB" \
      "$build/stalebase" refs --format "$format" "$corpus" >/dev/null
  fi
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

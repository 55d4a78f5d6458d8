#!/usr/bin/env bash
# Parse+extract throughput of stalebase, in process and as a whole `stalebase refs` run, on a
# generated corpus of 10,000 realistic Dockerfiles. Usage: bash bench/parse.sh [COUNT]
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
echo "== whole process: stalebase refs --format json (best of 3)"
best=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "$build/stalebase" refs --format json "$corpus" >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l 2>/dev/null || awk "BEGIN{print $end - $start}")
  if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
awk -v t="$best" -v b="$bytes" -v n="$count" \
  'BEGIN{printf "%.3f s, %.1f MB/s, %.0f files/s\n", t, b/t/1e6, n/t}'
if command -v /usr/bin/time >/dev/null; then
  /usr/bin/time -f "peak memory of stalebase refs: %M KiB" "$build/stalebase" refs --format json "$corpus" >/dev/null
fi

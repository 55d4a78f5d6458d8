#!/usr/bin/env bash
# Rate limits cost what the registry asks: `stalebase resolve` of REFS references through the
# testkit proxy answering every 4th request 429 with `Retry-After: 1` and every 7th of the
# others 503 (no Retry-After), 30 ms added to every request.
#
#   bash bench/ratelimit.sh [REFS] [RUNS]        (defaults: 30 references, 3 runs)
#
# Starts an open docker-registry on 127.0.0.1 (tests/integration/registry-fixture.sh), pushes
# a dozen repositories with five tags each (bench/lib.sh), then runs `stalebase resolve` RUNS times, checks
# every digest against the pushed ones, and prints per run: wall time, requests, 429s, 503s,
# the sum of the Retry-After waits asked (one second per 429) and the ratio wall / that sum
# (goal: at most 2). Uses $STALEBASE_BIN and $STALEBASE_TESTKIT when set, else builds them
# (RelWithDebInfo) in build-bench-ratelimit. Everything stays on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
refs=${1:-30}
runs=${2:-3}
latency=30

[[ -n ${STALEBASE_BIN:-} && -n ${STALEBASE_TESTKIT:-} ]] || bash scripts/install-deps.sh
# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_binaries build-bench-ratelimit
bench_registry "$root/bench/out/ratelimit"

bench_seed

bench_proxy "$latency" --fault 'every=4,status=429,retry-after=1' --fault 'every=7,status=503'

awk '$1 == "tag" { print $2 }' "$out/seed.txt" | sort | shuf --random-source=<(yes) | head -n "$refs" |
  sed "s|^|$PROXY_HOST/|" >"$out/refs.txt"
total=$(wc -l <"$out/refs.txt")

bench_isolate

echo "registry: docker-registry on 127.0.0.1, proxy adding $latency ms; every 4th request 429 (Retry-After: 1), every 7th other 503"
echo "$total references, $(nproc) cores"
echo
echo "| run | wall | requests | 429 | 503 | Retry-After asked | wall / asked |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for run in $(seq 1 "$runs"); do
  : >"$out/proxy.log"
  start=$(date +%s.%N)
  code=0
  xargs -a "$out/refs.txt" -d '\n' "$STALEBASE_BIN" resolve >"$out/run$run.out" 2>"$out/run$run.err" || code=$?
  end=$(date +%s.%N)
  [[ $code -eq 0 ]] || { echo "bench: resolve exited $code: $(head -n 5 "$out/run$run.err")" >&2; exit 1; }
  while read -r ref digest; do
    want=$(awk -v r="${ref#"$PROXY_HOST"/}" '$1 == "tag" && $2 == r { print $3 }' "$out/seed.txt")
    [[ $digest == "$want" ]] || { echo "bench: wrong digest for $ref: $digest, pushed $want" >&2; exit 1; }
  done <"$out/run$run.out"
  [[ $(wc -l <"$out/run$run.out") -eq $total ]] || { echo "bench: resolved $(wc -l <"$out/run$run.out") of $total" >&2; exit 1; }
  all=$(wc -l <"$out/proxy.log" | tr -d ' ')
  limited=$(grep -c ' status=429 ' "$out/proxy.log" || true)
  unavailable=$(grep -c ' status=503 ' "$out/proxy.log" || true)
  awk -v a="$start" -v b="$end" -v r="$run" -v n="$all" -v l="$limited" -v u="$unavailable" 'BEGIN {
    wall = b - a
    printf "| %d | %.1f s | %d | %d | %d | %d s | %.2f |\n", r, wall, n, l, u, l, l ? wall / l : 0
  }'
done

#!/usr/bin/env bash
# Rate limits cost what the registry asks: `stalebase resolve` of REFS references through the
# testkit proxy answering every 4th request 429 with `Retry-After: 1` and every 7th of the
# others 503 (no Retry-After), 30 ms added to every request.
#
#   bash bench/ratelimit.sh [REFS] [RUNS]        (defaults: 30 references, 3 runs)
#
# Starts an open docker-registry on 127.0.0.1 (tests/integration/registry-fixture.sh), pushes
# a dozen repositories with five tags each, then runs `stalebase resolve` RUNS times, checks
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

if [[ -z ${STALEBASE_BIN:-} || -z ${STALEBASE_TESTKIT:-} ]]; then
  bash scripts/install-deps.sh
  build=build-bench-ratelimit
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_testkit
  STALEBASE_BIN=$root/$build/stalebase
  STALEBASE_TESTKIT=$root/$build/tests/tools/stalebase_testkit
fi
export STALEBASE_TESTKIT

out=$root/bench/out/ratelimit
rm -rf "$out"
mkdir -p "$out/home"
state=$out/registry
proxy_pid=""
cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  bash tests/integration/registry-fixture.sh stop open "$state" >/dev/null 2>&1 || true
}
trap cleanup EXIT

bash tests/integration/registry-fixture.sh start open "$state" >/dev/null
# shellcheck disable=SC1091
source "$state/env"

spec=$out/bench.seed
: >"$spec"
for i in $(seq 1 12); do
  for v in 1.0.0 1.0.1 1.1.0 2.0.0 2.1.0; do
    if ((i % 2)); then
      echo "index bench/app$i:$v linux/amd64,linux/arm64/v8 seed=$i-$v"
    else
      echo "image bench/app$i:$v linux/amd64 seed=$i-$v"
    fi >>"$spec"
  done
done
"$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec "$spec" --out "$out/seed.txt" >/dev/null 2>&1

"$STALEBASE_TESTKIT" proxy --upstream "$TEST_REGISTRY_URL" --latency "$latency" --log "$out/proxy.log" \
  --fault 'every=4,status=429,retry-after=1' --fault 'every=7,status=503' \
  --env-file "$out/proxy.env" --exit-with-parent --max-lifetime 3600 </dev/null >"$out/proxy.out" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do [[ -s $out/proxy.env ]] && break; sleep 0.05; done
# shellcheck disable=SC1091
source "$out/proxy.env"

awk '$1 == "tag" { print $2 }' "$out/seed.txt" | sort | shuf --random-source=<(yes) | head -n "$refs" |
  sed "s|^|$PROXY_HOST/|" >"$out/refs.txt"
total=$(wc -l <"$out/refs.txt")

export HOME=$out/home XDG_RUNTIME_DIR=$out/home XDG_CONFIG_HOME=$out/home/.config
unset DOCKER_CONFIG REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG HTTP_PROXY HTTPS_PROXY ALL_PROXY \
  http_proxy https_proxy all_proxy NO_PROXY no_proxy

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

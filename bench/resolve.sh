#!/usr/bin/env bash
# Resolving digests against a real registry, side by side with skopeo.
#
#   bash bench/resolve.sh [DISTINCT] [REPEAT]        (defaults: 60 references, each 5 times)
#
# Starts an open docker-registry on 127.0.0.1 (tests/integration/registry-fixture.sh), pushes a
# dozen repositories with five tags each (multi-platform OCI indexes, Docker manifest lists and
# single-platform manifests), puts the testkit proxy in front with 30 ms added to every request,
# then resolves DISTINCT*REPEAT references (every distinct one REPEAT times, shuffled):
#   - stalebase resolve, all of them in one run;
#   - skopeo inspect --tls-verify=false docker://REF, one process per reference, 4 in parallel.
# Prints wall times, their ratio, and requests per reference from the proxy's log. Everything
# stays on loopback. Uses the binaries in $STALEBASE_BIN and $STALEBASE_TESTKIT when set, else
# builds them (RelWithDebInfo) in build/bench-resolve.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
distinct=${1:-60}
repeat=${2:-5}
latency=30

bash scripts/install-deps.sh
if ! command -v skopeo >/dev/null; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends skopeo
fi

if [[ -z ${STALEBASE_BIN:-} || -z ${STALEBASE_TESTKIT:-} ]]; then
  build=build-bench-resolve
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_testkit
  STALEBASE_BIN=$root/$build/stalebase
  STALEBASE_TESTKIT=$root/$build/tests/tools/stalebase_testkit
fi
export STALEBASE_TESTKIT

out=$root/bench/out/resolve
rm -rf "$out"
mkdir -p "$out/home"
state=$out/registry
proxy_pid=""
cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  bash tests/integration/registry-fixture.sh stop open "$state" || true
}
trap cleanup EXIT

bash tests/integration/registry-fixture.sh start open "$state" >/dev/null
# shellcheck disable=SC1091
source "$state/env"

# A dozen repositories, five tags each.
spec=$out/bench.seed
: >"$spec"
for i in $(seq 1 12); do
  repo=bench/app$i
  for v in 1.0.0 1.0.1 1.1.0 2.0.0 2.1.0; do
    case $((i % 3)) in
    0) echo "index $repo:$v linux/amd64,linux/arm64/v8 seed=$i-$v" ;;
    1) echo "index $repo:$v linux/amd64,linux/arm64/v8,linux/arm/v7 type=docker seed=$i-$v" ;;
    2) echo "image $repo:$v linux/amd64 seed=$i-$v" ;;
    esac >>"$spec"
  done
done
"$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec "$spec" --out "$out/seed.txt" >/dev/null 2>&1
pushed=$(grep -c '^tag ' "$out/seed.txt")

"$STALEBASE_TESTKIT" proxy --upstream "$TEST_REGISTRY_URL" --latency "$latency" --log "$out/proxy.log" \
  --env-file "$out/proxy.env" --exit-with-parent --max-lifetime 3600 </dev/null >"$out/proxy.out" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do [[ -s $out/proxy.env ]] && break; sleep 0.05; done
# shellcheck disable=SC1091
source "$out/proxy.env"

# DISTINCT references over the pushed tags, each REPEAT times, in a fixed shuffled order.
awk '$1 == "tag" { print $2 }' "$out/seed.txt" | sort | head -n "$distinct" >"$out/distinct.txt"
distinct=$(wc -l <"$out/distinct.txt")
for _ in $(seq 1 "$repeat"); do sed "s|^|$PROXY_HOST/|" "$out/distinct.txt"; done |
  shuf --random-source=<(yes) >"$out/refs.txt"
total=$(wc -l <"$out/refs.txt")

# No credentials, registries.conf or proxies of the machine's own.
export HOME=$out/home XDG_RUNTIME_DIR=$out/home XDG_CONFIG_HOME=$out/home/.config
unset DOCKER_CONFIG REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG HTTP_PROXY HTTPS_PROXY ALL_PROXY \
  http_proxy https_proxy all_proxy NO_PROXY no_proxy

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
count() { grep -cE -- "$2" "$1" || true; }

# stalebase: one run.
: >"$out/proxy.log"
start=$(now)
xargs -a "$out/refs.txt" -d '\n' "$STALEBASE_BIN" resolve >"$out/stalebase.out"
end=$(now)
t_stalebase=$(seconds "$start" "$end")
cp "$out/proxy.log" "$out/stalebase.log"
# Every answer is the pushed digest.
while read -r ref digest; do
  want=$(awk -v r="${ref#"$PROXY_HOST"/}" '$1 == "tag" && $2 == r { print $3 }' "$out/seed.txt")
  [[ $digest == "$want" ]] || { echo "bench: wrong digest for $ref: $digest, pushed $want" >&2; exit 1; }
done <"$out/stalebase.out"
[[ $(wc -l <"$out/stalebase.out") -eq $total ]] || { echo "bench: stalebase resolved $(wc -l <"$out/stalebase.out") of $total" >&2; exit 1; }

# skopeo: one process per reference, 4 in parallel.
: >"$out/proxy.log"
start=$(now)
sed 's|^|docker://|' "$out/refs.txt" |
  xargs -d '\n' -P4 -n1 skopeo inspect --tls-verify=false --format '{{.Digest}}' >"$out/skopeo.out"
end=$(now)
t_skopeo=$(seconds "$start" "$end")
cp "$out/proxy.log" "$out/skopeo.log"
[[ $(wc -l <"$out/skopeo.out") -eq $total ]] || { echo "bench: skopeo answered $(wc -l <"$out/skopeo.out") of $total" >&2; exit 1; }

report() {
  local name=$1 log=$2 seconds=$3
  local all pings heads gets blobs tokens
  all=$(wc -l <"$log" | tr -d ' ')
  pings=$(count "$log" '^main GET /v2/ ')
  heads=$(count "$log" '^main HEAD /v2/[^ ]+/manifests/')
  gets=$(count "$log" '^main GET /v2/[^ ]+/manifests/')
  blobs=$(count "$log" '^main GET /v2/[^ ]+/blobs/')
  tokens=$(count "$log" '^main GET /token')
  printf '| %s | %s s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$seconds" "$all" \
    "$(awk -v a="$all" -v n="$total" 'BEGIN { printf "%.2f", a / n }')" "$pings" "$heads" "$gets" "$blobs" "$tokens"
}

echo "registry: docker-registry $(/usr/bin/docker-registry --version 2>/dev/null | awk '{print $3}') on 127.0.0.1, proxy adding $latency ms per request"
echo "pushed $pushed tags in 12 repositories; $total references ($distinct distinct, each $repeat times)"
echo "skopeo $(skopeo --version | awk '{print $3}'); $(nproc) cores"
echo
echo "| tool | wall time | requests | per reference | /v2/ pings | manifest HEADs | manifest GETs | blob GETs | tokens |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
report "stalebase resolve (one run)" "$out/stalebase.log" "$t_stalebase"
report "skopeo inspect (4 in parallel)" "$out/skopeo.log" "$t_skopeo"
echo
awk -v s="$t_stalebase" -v k="$t_skopeo" 'BEGIN { printf "skopeo / stalebase wall time: %.1fx\n", k / s }'

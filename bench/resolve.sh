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

# shellcheck source=bench/lib.sh
source bench/lib.sh
bench_binaries build-bench-resolve
bench_registry "$root/bench/out/resolve"

bench_seed
pushed=$(grep -c '^tag ' "$out/seed.txt")

bench_proxy "$latency"

# DISTINCT references over the pushed tags, each REPEAT times, in a fixed shuffled order.
awk '$1 == "tag" { print $2 }' "$out/seed.txt" | sort | head -n "$distinct" >"$out/distinct.txt"
distinct=$(wc -l <"$out/distinct.txt")
for _ in $(seq 1 "$repeat"); do sed "s|^|$PROXY_HOST/|" "$out/distinct.txt"; done |
  shuf --random-source=<(yes) >"$out/refs.txt"
total=$(wc -l <"$out/refs.txt")

bench_isolate

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

#!/usr/bin/env bash
# Whole-`check` benchmark: a local open registry with a dozen repositories of realistic size
# (the shared tag lists when STALEBASE_SHARED_DIR is set, else generated ones), a generated
# corpus of a few dozen Dockerfiles with a few hundred distinct references, and a proxy
# adding 30 ms to every request. Runs, in one go: `stalebase check` with a cold cache, again
# warm, and a bash script doing the same look-ups with skopeo (list-tags per repository,
# inspect per reference, 4 in parallel). Prints wall times, ratios and requests per
# reference (counted at the proxy). Everything stays on 127.0.0.1.
#
# With the shared tag lists, the corpus also has what real repositories are full of: floating
# tags pinned by digest (`20.11-slim@sha256`, `alpine@sha256`, `lts-slim@sha256`,
# `bookworm-slim@sha256`), FLOATING per shared repository, read from the real tag lists, whose
# pins have drifted: each floating tag now points at a new multi-platform index on its newest
# full version, while the pin is an older build that no tag points at any more. The request count
# is compared with the ideal: the ping, the tag-list pages, one HEAD per distinct pinned or
# floating tag, one HEAD per floating tag for what it equals now, one per digest of a fix, and
# the manifest GETs that compare a drifted pin's platforms (bound: 1.15 x that).
#
# Usage: bash bench/check.sh [FILES] [REFS_PER_REPOSITORY] [FLOATING]   (defaults 40, 25, 20)
# STALEBASE_BENCH_JOBS=N passes --jobs N to stalebase (default: its own default).
# STALEBASE_BENCH_RUNS=N (default 3): cold checks and skopeo runs timed; medians reported.
# STALEBASE_BENCH_CACHE_DIR=DIR: where the cold runs' cache folders go (default bench/out/check).
# STALEBASE_BIN and STALEBASE_TESTKIT, when both set, are used instead of a Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
files=${1:-40}
per_repository=${2:-25}
floating_per_repository=${3:-20}
latency=30
runs=${STALEBASE_BENCH_RUNS:-3}

bash scripts/install-deps.sh
if ! command -v skopeo >/dev/null || [ ! -x /usr/bin/time ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends skopeo time
fi

if [ -n "${STALEBASE_BIN:-}" ] && [ -n "${STALEBASE_TESTKIT:-}" ]; then
  stalebase=$STALEBASE_BIN
else
  build=build-bench  # its own tree: a tree inside build/ would add its tests to build/'s ctest
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTALEBASE_BUILD_TESTS=ON >/dev/null
  cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_testkit >/dev/null
  stalebase=$root/$build/stalebase
  STALEBASE_TESTKIT=$root/$build/tests/tools/stalebase_testkit
fi
export STALEBASE_TESTKIT

out=$root/bench/out/check
rm -rf "$out"
mkdir -p "$out/tags" "$out/corpus"
state=$out/state
proxy_pid=""
# The cache folders of the timed runs: under bench/out unless STALEBASE_BENCH_CACHE_DIR
# names another folder (another filesystem, say).
cache_root=${STALEBASE_BENCH_CACHE_DIR:-$out}
caches=()
cleanup() {
  [ "${#caches[@]}" -eq 0 ] || rm -rf "${caches[@]}"
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null && wait "$proxy_pid" 2>/dev/null
  bash tests/integration/registry-fixture.sh stop open "$state/open" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# ---- tag lists: the shared ones where there are, generated otherwise
shared=${STALEBASE_SHARED_DIR:-}
shared_repositories=(node mongo haproxy traefik rust mysql memcached busybox)
generate() { # generate NAME: a realistic tag list on stdout
  case $1 in
  python)
    for minor in 8 9 10 11 12 13; do for patch in $(seq 0 20); do
      for variant in "" -slim -alpine -bookworm -slim-bookworm; do echo "3.$minor.$patch$variant"; done
    done; echo "3.$minor"; echo "3.$minor-slim"; done ;;
  alpine)
    for minor in $(seq 10 20); do for patch in $(seq 0 8); do echo "3.$minor.$patch"; done; echo "3.$minor"; done
    echo 3; echo latest ;;
  debian)
    for month in 01 02 03 04 05 06 07 08 09 10 11 12; do for day in 01 11 21; do
      echo "bookworm-2023$month$day"; echo "bookworm-2023$month$day-slim"; echo "bullseye-2023$month$day"
    done; done
    echo bookworm; echo bookworm-slim; echo bullseye ;;
  golang)
    for minor in $(seq 18 23); do for patch in $(seq 0 12); do
      for variant in "" -alpine -bookworm; do echo "1.$minor.$patch$variant"; done
    done; echo "1.$minor"; done ;;
  node)
    for major in 16 18 20 22; do for minor in $(seq 0 19); do for patch in 0 1 2 3; do
      for variant in "" -slim -alpine; do echo "$major.$minor.$patch$variant"; done
    done; done; echo "$major"; echo "$major-slim"; done ;;
  *)
    for major in 1 2 3; do for minor in $(seq 0 12); do for patch in $(seq 0 9); do
      echo "$major.$minor.$patch"; echo "$major.$minor.$patch-alpine"
    done; done; done ;;
  esac
}
repositories=(python alpine debian golang)
declare -A tags_of  # repository → its tag list (the shared one is read where it is)
for name in "${repositories[@]}"; do generate "$name" >"$out/tags/$name.txt"; tags_of[$name]=$out/tags/$name.txt; done
floating_repositories=()
for name in "${shared_repositories[@]}"; do
  if [ -n "$shared" ] && [ -f "$shared/data/tags/$name.txt" ]; then
    tags_of[$name]=$shared/data/tags/$name.txt
    floating_repositories+=("$name")
  else
    generate "$name" >"$out/tags/$name.txt"
    tags_of[$name]=$out/tags/$name.txt
  fi
  repositories+=("$name")
done
# One repository of more than 10,000 tags, outside the corpus, for peak memory.
for major in $(seq 1 30); do for minor in $(seq 0 39); do for patch in $(seq 0 9); do
  echo "$major.$minor.$patch"
done; done; done >"$out/tags/huge.txt"
{
  for name in "${repositories[@]}"; do echo "tags library/$name ${tags_of[$name]}"; done
  echo "tags library/huge $out/tags/huge.txt"
  # A few distinct images too, so that not every tag of a repository has one digest.
  for name in python alpine golang; do
    grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' "${tags_of[$name]}" | tail -n 3 |
      while read -r tag; do echo "index library/$name:$tag linux/amd64,linux/arm64/v8"; done
  done
} >"$out/bench.seed"

# ---- the registry
export STALEBASE_INTEGRATION_STATE=$state STALEBASE_INTEGRATION_DIR=$root/tests/integration
bash tests/integration/registry-fixture.sh start open "$state/open" >/dev/null
# shellcheck disable=SC1091
source "$state/open/env"
start=$(date +%s.%N)
"$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec "$out/bench.seed" --out "$out/seeded.txt" >/dev/null
seeded=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

"$STALEBASE_TESTKIT" proxy --upstream "$TEST_REGISTRY_URL" --latency "$latency" --log "$out/proxy.log" \
  --env-file "$out/proxy.env" --exit-with-parent --max-lifetime 3600 </dev/null >"$out/proxy.out" 2>&1 &
proxy_pid=$!
for _ in $(seq 1 100); do [ -s "$out/proxy.env" ] && break; sleep 0.05; done
# shellcheck disable=SC1091
source "$out/proxy.env"

# ---- the corpus: version-like tags sampled per repository; every fifth pinned
declare -A digest_of
for name in "${repositories[@]}"; do
  digest_of[$name]=$("$STALEBASE_TESTKIT" request -X HEAD "$TEST_REGISTRY_URL/v2/library/$name/manifests/$(head -n 1 "${tags_of[$name]}")" |
    awk -F': ' 'tolower($1) == "docker-content-digest" { sub(/\r$/, "", $2); print $2 }')
done
# ---- floating tags pinned by digest, drifted (shared tag lists only): X.Y-variant tags and,
# a quarter of them, names (`alpine`, `lts-slim`, `bookworm-slim`), sampled from the real lists
sample() { awk -v seed="$2" 'BEGIN { srand(seed) } { print rand() "\t" $0 }' | sort -n | head -n "$1" | cut -f2; }
: >"$out/floating.txt"
if [ ${#floating_repositories[@]} -gt 0 ]; then
  for name in "${floating_repositories[@]}"; do
    names=$((floating_per_repository / 4))
    { grep -E '^[0-9]+\.[0-9]+-[a-z][a-z0-9.-]*$' "${tags_of[$name]}" | sample $((floating_per_repository - names)) "${#name}" || true
      grep -E '^[a-z]+(-[a-z]+)*$' "${tags_of[$name]}" | grep -vx latest | sample "$names" "${#name}" || true
    } | sed "s|^|library/$name:|"
  done >"$out/floating.candidates"
  # What each equals now (every tag still has its repository's one digest: the newest full
  # version), asked of the registry directly; tags with no full version are left out.
  mkdir -p "$out/probe"
  sed "s|^|FROM ${TEST_REGISTRY_URL#*://}/|" "$out/floating.candidates" >"$out/probe/Dockerfile"
  "$stalebase" check --no-cache --format json "$out/probe" 2>/dev/null >"$out/probe.json" || true
  jq -r '.findings[] | select(.equals | length > 0) | "\(.canonical | sub("^[^/]*/"; "")) \(.equals[0])"' \
    "$out/probe.json" | sort -u >"$out/floating.txt"
  # The floating tag moves to a new multi-platform index on that full version; the pins are
  # an older build that no tag points at any more (as with pins from a year ago: the full
  # version they were has been rebuilt since), kept in the registry under a tag no reference
  # uses.
  awk '{ repo = $1; sub(/:.*/, "", repo); tag = $1; sub(/^[^:]*:/, "", tag)
         if (!old[repo]++) print "index " repo ":bench-pinned-build linux/amd64,linux/arm64/v8 seed=pinned-" repo
         if (!seen[repo ":" $2]++) print "index " repo ":" $2 " linux/amd64,linux/arm64/v8 seed=floating-" $2
         print "alias " repo ":" tag " " $2 }' "$out/floating.txt" >"$out/floating.seed"
  "$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec "$out/floating.seed" --out "$out/floating-seeded.txt" >/dev/null
fi
declare -A pinned_build_of
while read -r kind ref digest _; do
  [ "$kind" = tag ] && [ "${ref#*:}" = bench-pinned-build ] && pinned_build_of[${ref%%:*}]=$digest
done <"$out/floating-seeded.txt" 2>/dev/null || true
floating_pins=$(wc -l <"$out/floating.txt" | tr -d ' ')

: >"$out/refs.txt"
while read -r ref _; do
  echo "$PROXY_HOST/$ref@${pinned_build_of[${ref%%:*}]}" >>"$out/refs.txt"
done <"$out/floating.txt"
for name in "${repositories[@]}"; do
  { grep -E '^(v?[0-9]+(\.[0-9]+){1,2}(-[a-z0-9.]+)?|[a-z]+-[0-9]{8}(-slim)?)$' "${tags_of[$name]}" || true; } |
    awk -v n="$per_repository" -v seed="${#name}" 'BEGIN { srand(seed) } { print rand() "\t" $0 }' |
    sort -n | awk -v n="$per_repository" 'NR <= n' | cut -f2 |
    awk -v host="$PROXY_HOST" -v r="$name" -v d="${digest_of[$name]}" \
      '{ ref = host "/library/" r ":" $0; if (NR % 5 == 0) ref = ref "@" d; print ref }' >>"$out/refs.txt"
done
distinct=$(sort -u "$out/refs.txt" | wc -l)
awk -v files="$files" -v dir="$out/corpus" '
  { refs[n++] = $0 }
  END {
    srand(7)
    for (i = 0; i < files; i++) {
      f = sprintf("%s/service-%02d/Dockerfile", dir, i)
      system("mkdir -p " dir sprintf("/service-%02d", i))
      print "ARG BASE=" refs[(i * 7) % n] > f
      print "FROM ${BASE} AS base" > f
      stages = 6 + int(rand() * 6)
      for (s = 0; s < stages; s++) {
        print "FROM " refs[(i * 11 + s * 13) % n] " AS stage" s > f
        print "RUN echo stage " s > f
        print "COPY --from=" refs[(i * 17 + s * 5 + 3) % n] " /etc/os-release /tmp/" s > f
      }
      print "FROM base" > f
      print "COPY --from=stage0 /tmp /tmp" > f
      close(f)
    }
  }' "$out/refs.txt"
# Every image must be on the proxy: nothing may leave 127.0.0.1.
foreign=$("$stalebase" refs --format json "$out/corpus" |
  jq -r --arg host "$PROXY_HOST" '.references[] | select(.status == "image" and .registry != $host) | .canonical')
[ -z "$foreign" ] || { echo "bench: the corpus names images off the proxy: $foreign" >&2; exit 1; }
used=$("$stalebase" refs --format json "$out/corpus" | jq -r '[.references[] | select(.status == "image") | .canonical] | unique | length')
used_floating=$("$stalebase" refs --format json "$out/corpus" |
  jq -r '[.references[] | select(.status == "image") | .canonical | select(test("@"))] | unique | .[]' |
  sed "s|^$PROXY_HOST/||; s|@.*||" | grep -cxFf <(awk '{ print $1 }' "$out/floating.txt") || true)
occurrences=$("$stalebase" refs --format json "$out/corpus" | jq -r '[.references[] | select(.status == "image")] | length')

requests() { wc -l <"$out/proxy.log" | tr -d ' '; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# ---- stalebase check, cold then warm (peak memory from /usr/bin/time)
run_stalebase() { # run_stalebase LABEL
  : >"$out/proxy.log"
  local start end code=0
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$out/$1.rss" "$stalebase" check --format json --cache-dir "$cache" ${STALEBASE_BENCH_JOBS:+--jobs "$STALEBASE_BENCH_JOBS"} \
    "$out/corpus" >"$out/$1.json" 2>"$out/$1.err" || code=$?
  cp "$out/proxy.log" "$out/proxy-$1.log"
  end=$(date +%s.%N)
  [ "$code" -le 1 ] || { echo "stalebase check exited $code: $(head -n 5 "$out/$1.err")" >&2; exit 1; }
  echo "$(seconds "$start" "$end") $(requests)"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# Cold RUNS times (one sample of a 1 s run is noise), then warm. Each cold run gets a new
# cache folder, removed only at the end: on an ext4 without a journal, creating files soon
# after deleting many makes the kernel skip the freed inodes one by one (docs/benchmarks.md).
cold_all=() cpu_all=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
  cache=$cache_root/stalebase-bench-cache-$$-$run
  caches+=("$cache")
  read -r cold_s cold_r < <(run_stalebase cold)
  cold_all+=("$cold_s")
  cpu_all+=("$(tail -n 1 "$out/cold.rss" | awk '{ printf "%.2f", $2 + $3 }')")
  [ "$run" -eq 1 ] && cp "$out/cold.json" "$out/cold-first.json"
  cmp -s "$out/cold.json" "$out/cold-first.json" || { echo "cold run $run printed other results" >&2; exit 1; }
done
cold_s=$(median "${cold_all[@]}")
read -r warm_s warm_r < <(run_stalebase warm)
cmp -s "$out/cold.json" "$out/warm.json" || { echo "the warm run printed other results" >&2; exit 1; }

# ---- skopeo: list-tags per repository, inspect per distinct reference, 4 in parallel
cat >"$out/skopeo.sh" <<'EOF'
#!/usr/bin/env bash
# The same look-ups with skopeo: every repository's tags, then every reference (a pinned
# one by its digest: skopeo takes a tag or a digest, not both).
set -euo pipefail
refs=$1
sed -E 's/@.*$//; s/:[^:/]*$//' "$refs" | sort -u |
  xargs -P 4 -I{} skopeo list-tags --tls-verify=false "docker://{}" >/dev/null
sed -E 's/:[^:/@]+@/@/' "$refs" | sort -u |
  xargs -P 4 -I{} skopeo inspect --raw --tls-verify=false "docker://{}" >/dev/null
EOF
"$stalebase" refs --format json "$out/corpus" |
  jq -r '.references[] | select(.status == "image") | .expanded' | sort -u >"$out/skopeo-refs.txt"
: >"$out/proxy.log"
skopeo_all=()
for run in $(seq "$runs"); do
  : >"$out/proxy.log"
  start=$(date +%s.%N)
  bash "$out/skopeo.sh" "$out/skopeo-refs.txt"
  end=$(date +%s.%N)
  skopeo_all+=("$(seconds "$start" "$end")")
done
skopeo_s=$(median "${skopeo_all[@]}")
skopeo_r=$(requests)

# ---- peak memory with a repository of more than 10,000 tags: the whole track view, and a
# check of one reference in it (cold, so the whole list is fetched and parsed)
huge_tags=$(wc -l <"$out/tags/huge.txt" | tr -d ' ')
/usr/bin/time -f %M -o "$out/huge-tags.rss" "$stalebase" tags --all "$PROXY_HOST/library/huge" >"$out/huge-tags.txt"
[ "$(grep -c . "$out/huge-tags.txt")" -ge "$huge_tags" ] || { echo "stalebase tags --all listed too few tags" >&2; exit 1; }
echo "FROM $PROXY_HOST/library/huge:29.38.9" >"$out/huge.Dockerfile"
code=0
/usr/bin/time -f %M -o "$out/huge-check.rss" "$stalebase" check --no-cache --format json "$out/huge.Dockerfile" >"$out/huge-check.json" || code=$?
[ "$code" -eq 0 ] || { echo "the check of huge:29.38.9 exited $code, expected 0 (a minor update is info)" >&2; exit 1; }
[ "$(jq -r '.findings[] | select(.kind == "minor-available") | .suggested.tag' "$out/huge-check.json")" = 29.39.9 ] ||
  { echo "the check of huge:29.38.9 did not propose 29.39.9" >&2; exit 1; }

tags_total=$(for name in "${repositories[@]}"; do cat "${tags_of[$name]}"; done | wc -l)
echo "registry: ${#repositories[@]} repositories, $tags_total tags (seeded in $seeded s); shared tag lists: $([ -n "$shared" ] && echo yes || echo no)"
echo "corpus: $files Dockerfiles, $occurrences image references, $used distinct; proxy latency $latency ms"
awk -v cs="$cold_s" -v cr="$cold_r" -v ws="$warm_s" -v wr="$warm_r" -v ss="$skopeo_s" -v sr="$skopeo_r" -v n="$used" '
  BEGIN {
    printf "%-26s %9s %9s %14s\n", "", "wall (s)", "requests", "per reference"
    printf "%-26s %9.2f %9d %14.2f\n", "stalebase check, cold", cs, cr, cr / n
    printf "%-26s %9.2f %9d %14.2f\n", "stalebase check, warm", ws, wr, wr / n
    printf "%-26s %9.2f %9d %14.2f\n", "skopeo script (4 jobs)", ss, sr, sr / n
    printf "cold / skopeo: %.3f (goal <= 0.200); warm / skopeo: %.3f; warm requests: %d (goal 0)\n", cs / ss, ws / ss, wr
  }'
echo "medians of $runs runs; cold runs: ${cold_all[*]} s (CPU user + sys: ${cpu_all[*]} s); skopeo runs: ${skopeo_all[*]} s;" \
  "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peak memory: cold check $(tail -n 1 "$out/cold.rss" | cut -d' ' -f1) KiB, warm check $(tail -n 1 "$out/warm.rss" | cut -d' ' -f1) KiB;" \
  "library/huge ($huge_tags tags): tags --all $(tail -n 1 "$out/huge-tags.rss") KiB, check of one reference $(tail -n 1 "$out/huge-check.rss") KiB"
echo "stalebase cold requests by kind:"
awk '{ kind = $2 " " ($3 ~ /tags\/list/ ? "tags/list" : $3 ~ /manifests\/sha256:/ ? "manifest by digest" : $3 ~ /manifests\// ? "manifest by tag" : $3) ; n[kind]++ }
  END { for (k in n) printf "  %-32s %d\n", k, n[k] }' "$out/proxy-cold.log" | sort

# ---- the ideal request count of the cold run, and the bound 1.15 x ideal
# ping + tag-list pages + one HEAD per distinct tag that needs its digest (pinned, or
# unpinned and floating) + one HEAD per floating tag (what it equals now) + one HEAD per
# digest of a fix not counted yet + the manifest GETs (each compares a drifted
# multi-platform pin's platforms: the index now and the pinned one).
log=$out/proxy-cold.log
pings=$(grep -cE '^main GET /v2/ ' "$log" || true)
pages=$(grep -cE '^main GET /v2/[^ ]+/tags/list' "$log" || true)
gets=$(grep -cE '^main GET /v2/[^ ]+/manifests/' "$log" || true)
heads=$(grep -cE '^main HEAD /v2/[^ ]+/manifests/' "$log" || true)
"$stalebase" refs --format json "$out/corpus" |
  jq -r '.references[] | select(.status == "image") | .canonical | select(test("@")) | sub("@.*"; "")' |
  sort -u >"$out/ideal-tags.txt"
jq -r '.findings[] | select(.kind == "unpinned") | .canonical' "$out/cold.json" | sort -u >>"$out/ideal-tags.txt"
sort -u -o "$out/ideal-tags.txt" "$out/ideal-tags.txt"
tag_heads=$(wc -l <"$out/ideal-tags.txt" | tr -d ' ')
floating_heads=$(jq -r '.findings[] | select(.equals | length > 0) | .canonical | sub("@.*"; "")' "$out/cold.json" | sort -u | wc -l | tr -d ' ')
fix_heads=$(jq -r '.findings[] | select(.suggested.digest != null and .suggested.tag != .current.tag) |
    "\(.canonical | sub("@.*$"; "") | sub(":[^/:]*$"; "")):\(.suggested.tag)"' "$out/cold.json" |
  sort -u | grep -cvxFf "$out/ideal-tags.txt" || true)
ideal=$((pings + pages + tag_heads + floating_heads + fix_heads + gets))
echo "corpus floating pins: $used_floating of $used distinct references are floating tags pinned by digest that drifted ($floating_pins in the list)"
echo "ideal cold requests: $pings ping + $pages tag-list pages + $tag_heads tag HEADs + $floating_heads floating HEADs + $fix_heads fix-digest HEADs + $gets manifest GETs = $ideal"
awk -v r="$cold_r" -v i="$ideal" -v h="$heads" 'BEGIN { printf "cold requests / ideal: %d / %d = %.3f (goal <= 1.150); manifest HEADs %d\n", r, i, r / i, h }'

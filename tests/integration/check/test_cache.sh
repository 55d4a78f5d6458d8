#!/usr/bin/env bash
# The look-up cache, counted at the proxy: a second check within the TTL makes
# zero requests and prints the same bytes; --no-cache asks again (and writes
# nothing); --offline answers from a warm cache with zero requests, and with a
# cold cache reports every reference as not checked (exit 3); a TTL of 0 asks
# for tags again but not for manifests by digest.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"
start_proxy
P=$PROXY_HOST
requests() { wc -l <"$PROXY_LOG" | tr -d ' '; }

cat >Dockerfile <<EOF
FROM $P/library/python:3.12.1-slim AS build
FROM $P/library/debian:bookworm-20240101@$(KIND=previous seed_digest library/debian:bookworm-20240101)
FROM $P/library/alpine:3.20
COPY --from=$P/library/busybox:1.36.1 /bin/busybox /bin/
FROM $P/windows/servercore:10.0.14393.321
FROM $P/library/alpine:3.18.9
EOF
common=(--format json --platform linux/amd64 Dockerfile)

# Cold: the registry is asked.
run_check cold.json --cache-dir cache "${common[@]}"
expect_exit 1 cold.json
cold=$(requests)
[[ $cold -gt 10 ]] || fail "a cold run made only $cold requests"
assert_eq "$(printf '%s\n' '1 patch-available' '1 minor-available' '2 digest-drift' '2 patch-available' \
  '3 unpinned' '5 patch-available' '5 major-available' '6 minor-available' '6 tag-missing')" \
  "$(kinds_of cold.json)" "the findings"
assert_eq 2 "$(count_requests "$PROXY_LOG" ' status=[^2]')" "failed requests (the missing tag's)"

# Warm, within the TTL: not one request, the same bytes.
: >"$PROXY_LOG"
run_check warm.json --cache-dir cache "${common[@]}"
expect_exit 1 warm.json
assert_eq 0 "$(requests)" "requests of the warm run: $(cat "$PROXY_LOG")"
cmp cold.json warm.json || fail "the warm run's JSON differs from the cold run's"

# Deterministic: a second cold run (another cache) prints the same bytes too.
: >"$PROXY_LOG"
run_check cold2.json --cache-dir cache2 "${common[@]}"
expect_exit 1 cold2.json
assert_eq "$cold" "$(requests)" "requests of a second cold run"
cmp cold.json cold2.json || fail "two cold runs printed different JSON"

# --no-cache: asked again, and nothing written.
: >"$PROXY_LOG"
run_check nocache.json --no-cache "${common[@]}"
expect_exit 1 nocache.json
assert_eq "$cold" "$(requests)" "requests with --no-cache"
cmp cold.json nocache.json || fail "the --no-cache run printed different JSON"
run_check nocache.json --no-cache --cache-dir cache3 "${common[@]}"
[[ ! -e cache3 ]] || fail "--no-cache wrote a cache: $(find cache3 | head)"

# --offline with a warm cache: answers, asks nothing.
: >"$PROXY_LOG"
run_check offline.json --offline --cache-dir cache "${common[@]}"
expect_exit 1 offline.json
assert_eq 0 "$(requests)" "requests with --offline"
cmp cold.json offline.json || fail "the offline run printed different JSON"

# --offline with a cold cache: nothing checked, each reference says so, exit 3.
run_check offline-cold.json --offline --cache-dir cold-cache "${common[@]}"
expect_exit 3 offline-cold.json
assert_eq 0 "$(requests)" "requests with --offline and a cold cache"
assert_eq 6 "$(jq '[.findings[] | select(.kind == "check-error")] | length' offline-cold.json)"
assert_eq '6 6 0' "$(jq -r '.summary | "\(.findings) \(.not_checked) \(.failing)"' offline-cold.json)"
assert_eq "unavailable $P/library/python tag list is not in the cache (--offline)" \
  "$(jq -r --arg r "$P/library/python:3.12.1-slim" '.errors[] | select(.reference == $r) | "\(.kind) \(.message)"' offline-cold.json)"
run_check offline-cold.txt --offline --cache-dir cold-cache --platform linux/amd64 Dockerfile
expect_exit 3 offline-cold.txt
assert_eq "1 file, 6 references: 6 error; 6 not checked ($P: unavailable)" \
  "$(sed -n '/^1 file/,$p' offline-cold.txt | tr -s ' \n' ' ' | sed 's/ $//')"

# --cache-ttl 0: tag digests and tag lists are asked again; manifests by
# digest are kept for good.
: >"$PROXY_LOG"
run_check ttl0.json --cache-dir cache --cache-ttl 0 "${common[@]}"
expect_exit 1 ttl0.json
cmp cold.json ttl0.json || fail "the TTL 0 run printed different JSON"
[[ $(count_requests "$PROXY_LOG" '^main GET /v2/library/python/tags/list') -eq 1 ]] ||
  fail "the tag list was not asked again with --cache-ttl 0: $(cat "$PROXY_LOG")"
[[ $(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.20 ') -eq 1 ]] ||
  fail "the floating tag was not asked again with --cache-ttl 0: $(cat "$PROXY_LOG")"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/debian/manifests/sha256:')" \
  "manifests fetched by digest again"
echo PASS

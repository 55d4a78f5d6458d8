#!/usr/bin/env bash
# stalebase resolve through a proxy that answers every 4th request 429 with
# Retry-After: 1 and every 7th of the others 503 (no Retry-After): every
# digest is right, nothing fails, each reference is answered by exactly one
# successful HEAD, and the faults add no more than they must (the proxy's
# counters are deterministic: successes S cost about S / 0.64 requests; the
# bound is 2 S). Not a timed test: bench/ratelimit.sh measures the time.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

start_proxy --fault 'every=4,status=429,retry-after=1' --fault 'every=7,status=503'
r=$PROXY_HOST

tags=(
  library/alpine:3.19.0 library/alpine:3.19.1 library/alpine:3.20.0
  library/python:3.12.1-slim library/python:3.12.7-slim library/python:3.13.0-slim
  library/debian:bookworm-20240101 library/debian:bookworm-20240211
  library/busybox:1.36.0 library/busybox:1.36.1
  windows/servercore:10.0.14393.321 windows/servercore:10.0.14393.693
  windows/servercore:10.0.17763.5458 library/hello-world:latest
)
refs=()
expected=""
for tag in "${tags[@]}"; do
  refs+=("$r/$tag")
  expected+="$r/$tag $(seed_digest "$tag")"$'\n'
done
run_stalebase resolve "${refs[@]}"
assert_status 0 "stderr: $RUN_ERR"
assert_eq "${expected%$'\n'}" "$RUN_OUT"
assert_eq "" "$RUN_ERR" "nothing on stderr"

n=${#tags[@]}
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/ auth=no status=200 ')" "one successful ping"
assert_eq "$n" "$(count_requests "$PROXY_LOG" '^main HEAD /v2/[^ ]+/manifests/[^ ]+ auth=no status=200 ')" \
  "one successful HEAD per reference"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /v2/[^ ]+/manifests/')" "manifest GETs"
limited=$(count_requests "$PROXY_LOG" ' status=429 ')
unavailable=$(count_requests "$PROXY_LOG" ' status=503 ')
((limited >= 3 && unavailable >= 1)) || fail "the faults did not happen: $limited 429s, $unavailable 503s"
all=$(wc -l <"$PROXY_LOG" | tr -d ' ')
((all <= 2 * (n + 1))) || fail "$all requests for $((n + 1)) answers: $(cat "$PROXY_LOG")"

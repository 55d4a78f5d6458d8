#!/usr/bin/env bash
# stalebase resolve retries through the fault proxy: a 429 with Retry-After in
# seconds and as an HTTP-date is waited out and the right digest follows; a
# burst of three 503s is retried with backoff to the right digest; a 503 that
# never ends fails after four attempts with exit 3 and the exact message; a
# Retry-After longer than a minute fails at once.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

ms_now() { echo $(($(date +%s%N) / 1000000)); }

# 429, Retry-After: 1.
start_proxy --fault 'path=/manifests/3.19.0$,method=HEAD,status=429,retry-after=1,times=1'
start=$(ms_now)
run_stalebase resolve "$PROXY_HOST/library/alpine:3.19.0"
elapsed=$(($(ms_now) - start))
assert_status 0 "429 with Retry-After seconds"
assert_eq "$PROXY_HOST/library/alpine:3.19.0 $(seed_digest library/alpine:3.19.0)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.0 auth=no status=429 fault=1 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.0 auth=no status=200 fault=- ')"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/manifests/')"
((elapsed >= 1000)) || fail "Retry-After: 1 was not waited for ($elapsed ms)"
((elapsed < 5000)) || fail "Retry-After: 1 took $elapsed ms"
stop_proxy

# 429, Retry-After as an HTTP-date two seconds ahead (whole seconds: 1 to 2 s).
start_proxy --fault 'path=/manifests/3.19.1$,method=HEAD,status=429,retry-after-date=2,times=1'
start=$(ms_now)
run_stalebase resolve "$PROXY_HOST/library/alpine:3.19.1"
elapsed=$(($(ms_now) - start))
assert_status 0 "429 with Retry-After date"
assert_eq "$PROXY_HOST/library/alpine:3.19.1 $(seed_digest library/alpine:3.19.1)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" ' status=429 fault=1 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.1 auth=no status=200 ')"
((elapsed >= 900)) || fail "the HTTP-date Retry-After was not waited for ($elapsed ms)"
((elapsed < 6000)) || fail "the HTTP-date Retry-After took $elapsed ms"
stop_proxy

# A burst of three 503s, then the answer (four attempts in all).
start_proxy --fault 'path=/manifests/3.12-slim$,method=HEAD,status=503,times=3'
run_stalebase resolve "$PROXY_HOST/library/python:3.12-slim"
assert_status 0 "503 burst"
assert_eq "$PROXY_HOST/library/python:3.12-slim $(seed_digest library/python:3.12.7-slim)" "$RUN_OUT"
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/python/manifests/3.12-slim auth=no status=503 fault=1 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/python/manifests/3.12-slim auth=no status=200 ')"
stop_proxy

# 503 for good: four attempts, then exit 3 with the registry's error code
# (a HEAD answer has no body to explain it); another reference of the same
# run still resolves.
start_proxy --fault 'path=/manifests/1.36.1$,status=503'
run_stalebase resolve "$PROXY_HOST/library/busybox:1.36.1" "$PROXY_HOST/library/busybox:1.36.0"
assert_status 3 "503 for good"
assert_eq "$PROXY_HOST/library/busybox:1.36.0 $(seed_digest library/busybox:1.36.0)" "$RUN_OUT"
assert_eq "stalebase: error: $PROXY_HOST/library/busybox:1.36.1: registry answered HTTP 503" "$RUN_ERR"
assert_eq 4 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/busybox/manifests/1.36.1 auth=no status=503 ')" "attempts"
stop_proxy

# A Retry-After beyond a minute is not waited for.
start_proxy --fault 'path=/manifests/,status=429,retry-after=120'
start=$(ms_now)
run_stalebase resolve "$PROXY_HOST/library/alpine:3.20.0"
elapsed=$(($(ms_now) - start))
assert_status 3 "Retry-After 120"
assert_eq "stalebase: error: $PROXY_HOST/library/alpine:3.20.0: rate limited: the registry asks to wait 120 s" "$RUN_ERR"
assert_eq 1 "$(count_requests "$PROXY_LOG" ' status=429 ')" "one attempt"
((elapsed < 3000)) || fail "a 120 s Retry-After took $elapsed ms to refuse"
echo "PASS"

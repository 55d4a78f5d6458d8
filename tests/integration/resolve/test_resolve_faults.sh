#!/usr/bin/env bash
# stalebase resolve through broken answers: a slow registry past
# --request-timeout fails cleanly (exit 3, a timeout message) without hanging;
# a HEAD without Docker-Content-Digest still gives the right digest (GET and
# sha256 of the body); garbage bodies and a wrong Docker-Content-Digest on a
# manifest fetched by digest are refused with the exact message; a 401 loop
# ends with exit 3 after a bounded number of requests.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

ms_now() { echo $(($(date +%s%N) / 1000000)); }
r() { echo "$PROXY_HOST/$1"; }

start_proxy \
  --fault 'path=/alpine/manifests/3.19.0$,delay=2500' \
  --fault 'path=/alpine/manifests/latest$,drop-header=Docker-Content-Digest' \
  --fault 'path=/python/manifests/sha256:,method=GET,garbage=truncated' \
  --fault 'path=/debian/manifests/sha256:,method=GET,garbage=html' \
  --fault 'path=/hello-world/manifests/sha256:,method=GET,garbage=wrong-shape' \
  --fault 'path=/servercore/manifests/sha256:,method=GET,bad-digest' \
  --fault 'path=/busybox/manifests/1.36.0$,unauthorized' \
  --fault 'path=/busybox/manifests/1.36$,method=HEAD,drop-header=Docker-Content-Digest' \
  --fault 'path=/busybox/manifests/1.36$,method=GET,garbage=html,drop-header=Docker-Content-Digest'

# A slow answer past --request-timeout: each attempt times out; exit 3 with a
# timeout message, well before the proxy would answer four times.
start=$(ms_now)
run_stalebase resolve --request-timeout 1s "$(r library/alpine:3.19.0)" "$(r library/alpine:3.20.0)"
elapsed=$(($(ms_now) - start))
assert_status 3 "slow answer"
assert_eq "$(r library/alpine:3.20.0) $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
assert_match "$RUN_ERR" "^stalebase: error: $(r library/alpine:3.19.0): [^
]*timed out[^
]*$"
((elapsed < 20000)) || fail "the timed-out look-up took $elapsed ms"

# No Docker-Content-Digest on HEAD: one GET by tag, hashed.
: >"$PROXY_LOG"
run_stalebase resolve "$(r library/alpine:latest)"
assert_status 0 "missing Docker-Content-Digest"
assert_eq "$(r library/alpine:latest) $(seed_digest library/alpine:latest)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/latest auth=no status=200 fault=2 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/manifests/latest auth=no status=200 fault=2 ')"

# Garbage where a manifest fetched by digest should be: refused, never parsed.
for case in "library/python:3.12.1-slim truncated" "library/debian:bookworm html" "library/hello-world:latest wrong-shape"; do
  set -- $case
  run_stalebase resolve --platform linux/amd64 "$(r "$1")"
  assert_status 3 "garbage=$2"
  assert_eq "" "$RUN_OUT"
  assert_match "$RUN_ERR" "^stalebase: error: $(r "$1"): digest mismatch: [^
]*$" "garbage=$2"
done
run_stalebase resolve --format json "$(r library/python:3.12.1-slim)"
assert_status 3 "garbage in JSON mode"
assert_eq "invalid-response" "$(json_field "$RUN_OUT_FILE" '.[0].error_kind')"

# A Docker-Content-Digest that is not the body's, on a GET by digest: refused.
run_stalebase resolve --platform 'windows(10.0.17763.5458)/amd64' "$(r windows/servercore:10.0.17763.5458)"
assert_status 3 "bad digest"
index=$(seed_digest windows/servercore:10.0.17763.5458)
wrong=sha256:$(printf '%s' 'stalebase_testkit wrong digest' | sha256sum | cut -d' ' -f1)
assert_eq "stalebase: error: $(r windows/servercore:10.0.17763.5458): digest mismatch: the registry says \"$wrong\" but the manifest hashes to \"$index\"" "$RUN_ERR"

# No digest header and an HTML page for a body: no digest is made up.
: >"$PROXY_LOG"
run_stalebase resolve "$(r library/busybox:1.36)"
assert_status 3 "HTML instead of a manifest"
assert_eq "" "$RUN_OUT"
assert_eq "stalebase: error: $(r library/busybox:1.36): invalid manifest: not JSON" "$RUN_ERR"

# A 401 loop on a registry without auth: exit 3, quickly, few requests.
: >"$PROXY_LOG"
start=$(ms_now)
run_stalebase resolve "$(r library/busybox:1.36.0)"
elapsed=$(($(ms_now) - start))
assert_status 3 "401 loop"
assert_eq "stalebase: error: $(r library/busybox:1.36.0): authentication required: no credentials for \"$PROXY_HOST\"" "$RUN_ERR"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/busybox/manifests/1.36.0 auth=no status=401 fault=7 ')"
(($(wc -l <"$PROXY_LOG") <= 3)) || fail "a 401 loop took $(wc -l <"$PROXY_LOG") requests: $(cat "$PROXY_LOG")"
((elapsed < 5000)) || fail "a 401 loop took $elapsed ms"
echo "PASS"

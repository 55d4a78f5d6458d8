#!/usr/bin/env bash
# A redirect to another port of the same host is another origin: stalebase
# follows it without the Authorization header it sent to the registry (the
# other listener's log shows auth=no; it adds the credentials upstream itself,
# like a pre-signed URL) and still gets the right digests, for HEAD by tag and
# for a GET of an index by digest.
# registry: basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry basic

start_proxy --fault 'path=/manifests/,redirect' --redirect-credentials "$TEST_REGISTRY_CREDENTIALS_FILE"
config=$(write_auth_config "$TEST_TMPDIR/auth" "$PROXY_HOST" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD")

run_stalebase resolve --authfile "$config" "$PROXY_HOST/library/alpine:3.20.0"
assert_status 0 "redirected HEAD"
assert_eq "$PROXY_HOST/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.20.0 auth=basic status=307 fault=1 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^other HEAD /v2/library/alpine/manifests/3.20.0 auth=no status=200 ')"

: >"$PROXY_LOG"
run_stalebase resolve --authfile "$config" --platform linux/arm64/v8 "$PROXY_HOST/library/python:3.13.0-slim"
assert_status 0 "redirected HEAD and GET"
assert_eq "$PROXY_HOST/library/python:3.13.0-slim $(seed_digest library/python:3.13.0-slim linux/arm64/v8)" "$RUN_OUT"
index=$(seed_digest library/python:3.13.0-slim)
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/python/manifests/$index auth=basic status=307 ")"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^other GET /v2/library/python/manifests/$index auth=no status=200 ")"
# Nothing that reached the other port carried credentials.
assert_eq 0 "$(count_requests "$PROXY_LOG" '^other .* auth=(basic|bearer|other) ')"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^other ')"
stop_proxy

# Without the side listener's help the redirected request is refused there
# (401), and stalebase says so instead of resending credentials.
start_proxy --fault 'path=/manifests/,redirect'
config=$(write_auth_config "$TEST_TMPDIR/auth2" "$PROXY_HOST" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD")
run_stalebase resolve --authfile "$config" "$PROXY_HOST/library/alpine:3.20.0"
assert_status 3 "redirect to a place that wants credentials"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^other .* auth=(basic|bearer|other) ')" "credentials crossed the redirect"
assert_match "$RUN_ERR" "^stalebase: error: $PROXY_HOST/library/alpine:3.20.0: [^
]+$"
echo "PASS"

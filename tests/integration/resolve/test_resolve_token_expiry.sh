#!/usr/bin/env bash
# A bearer token that expires during a run: with a token server issuing
# 1-second tokens and the proxy enforcing exp strictly (no leeway), the
# request made with the expired cached token gets 401 invalid_token, stalebase
# fetches a new token once and the look-up succeeds with the right digest.
# registry: token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry token

tk token-server --key "$TEST_TOKEN_KEY" --cert "$TEST_TOKEN_CERT" --issuer "$TEST_TOKEN_ISSUER" \
  --service "$TEST_TOKEN_SERVICE" --expires-in 1 --port-file "$TEST_TMPDIR/short.port" \
  --log "$TEST_TMPDIR/short.log" --exit-with-parent --max-lifetime 120 </dev/null >"$TEST_TMPDIR/short.out" 2>&1 &
short_pid=$!
trap 'kill "$short_pid" 2>/dev/null || true; _cleanup' EXIT
for _ in $(seq 1 100); do [[ -s $TEST_TMPDIR/short.port ]] && break; sleep 0.05; done
[[ -s $TEST_TMPDIR/short.port ]] || fail "the short-lived token server did not start: $(cat "$TEST_TMPDIR/short.out")"

# The index GET by digest comes after the HEAD; holding it 2.5 s lets the
# token cached by the HEAD expire before the proxy checks it.
start_proxy --strict-token-expiry --route "/token=http://127.0.0.1:$(cat "$TEST_TMPDIR/short.port")/token" \
  --fault 'path=/manifests/sha256:,method=GET,delay=2500,times=1'
run_stalebase resolve --platform linux/arm64/v8 "$PROXY_HOST/library/alpine:3.19.1"
assert_status 0 "re-authentication after expiry"
assert_eq "$PROXY_HOST/library/alpine:3.19.1 $(seed_digest library/alpine:3.19.1 linux/arm64/v8)" "$RUN_OUT"
index=$(seed_digest library/alpine:3.19.1)
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.1 auth=bearer status=200 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/alpine/manifests/$index auth=bearer status=401 fault=expired-token ")"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/alpine/manifests/$index auth=bearer status=200 ")"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /token\?service=stalebase-test-registry&scope=repository%3Alibrary%2Falpine%3Apull auth=no status=200 ')" \
  "one token, then one more after the expiry"
assert_eq 2 "$(count_requests "$TEST_TMPDIR/short.log" 'status=200 granted=repository:library/alpine:pull$')"
echo "PASS"

#!/usr/bin/env bash
# The OAuth2 token POST (its body holds the identity token, a refresh token) goes through
# the same transport as every other request: a 503 from the token server is retried, and a
# 307 redirect to another host is refused before the body is sent there (the other host's
# listener sees no POST).
# registry: token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry token

refresh=$(user_refresh_token)
identity() {
  mkdir -p "$TEST_TMPDIR/identity"
  printf '{"auths":{"%s":{"identitytoken":"%s"}}}\n' "$PROXY_HOST" "$refresh" >"$TEST_TMPDIR/identity/config.json"
}

# A token server that answers 503 once: the POST is retried.
start_proxy --fault 'path=^/token,method=POST,status=503,retry-after=0,times=1'
identity
DOCKER_CONFIG=$TEST_TMPDIR/identity run_stalebase resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 0 "token POST after a 503"
assert_eq "$PROXY_HOST/private/app:1.0.0 $(seed_digest private/app:1.0.0)" "$RUN_OUT"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main POST /token ')" "POSTs"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main POST /token .*status=503 ')" "the 503"
stop_proxy

# A token server that redirects the POST (307 keeps method and body) to another host: the
# refresh token does not go there.
start_proxy --fault 'path=^/token,method=POST,redirect=307,to=cross'
identity
DOCKER_CONFIG=$TEST_TMPDIR/identity run_stalebase resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 3 "token POST redirected to another host"
assert_eq "stalebase: error: $PROXY_HOST/private/app:1.0.0: refused to send the token request's body to another host (\"${PROXY_CROSS_URL%/}\")" "$RUN_ERR"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main POST /token ')" "POSTs to the token server"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^(cross|other) ')" "requests at the other host"
echo PASS

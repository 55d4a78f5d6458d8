#!/usr/bin/env bash
# Token auth: the registry challenges with the fixture's realm and service,
# accepts the token server's tokens (anonymous pull on public repositories,
# users for private ones and pushes), rejects expired and foreign tokens, and
# the proxy can make short-lived tokens expire without the registry's leeway.
# registry: token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry token

response=$(tk request --no-auth "$TEST_REGISTRY_URL/v2/")
assert_eq 401 "$(status_of "$response")" "GET /v2/ without a token"
assert_eq "Bearer realm=\"$TEST_TOKEN_REALM\",service=\"$TEST_TOKEN_SERVICE\"" \
  "$(header_of "$response" WWW-Authenticate)"
assert_eq "$TEST_REGISTRY_URL/token" "$TEST_TOKEN_REALM" "the realm is on the registry's host:port"

start_proxy
# Anonymous pull of a public repository, through the proxy (which puts the
# realm on its own host:port).
response=$(tk request -X HEAD "$PROXY_URL/v2/library/alpine/manifests/3.20.0")
assert_eq 200 "$(status_of "$response")" "anonymous pull"
assert_eq "$(seed_digest library/alpine:3.20.0)" "$(header_of "$response" Docker-Content-Digest)"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /token\?service=stalebase-test-registry&scope=repository%3Alibrary%2Falpine%3Apull auth=no status=200')" \
  "the token came through the proxy's own /token"
assert_match "$(cat "$TEST_TOKEN_LOG")" 'token GET /token\?[^ ]* auth=no user=- status=200 granted=repository:library/alpine:pull'

# A private repository needs a user; an anonymous token grants nothing there.
assert_eq 401 "$(tk request -X HEAD --status-only "$PROXY_URL/v2/private/app/manifests/1.0.0")" "anonymous private pull"
response=$(tk request -X HEAD --credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE" \
  "$PROXY_URL/v2/private/app/manifests/1.0.0")
assert_eq "$(seed_digest private/app:1.0.0)" "$(header_of "$response" Docker-Content-Digest)" "user pull of a private repository"
assert_match "$(cat "$TEST_TOKEN_LOG")" "auth=basic user=$TEST_REGISTRY_USER status=200 granted=repository:private/app:pull"

# Wrong password: the token server refuses.
printf '%s:wrong-password\n' "$TEST_REGISTRY_USER" >"$TEST_TMPDIR/wrong"
assert_eq 401 "$(tk request --status-only --credentials-file "$TEST_TMPDIR/wrong" \
  "$PROXY_URL/v2/private/app/manifests/1.0.0")" "wrong password"
assert_match "$(cat "$TEST_TOKEN_LOG")" "auth=basic user=- status=401"

# Anonymous tokens cannot push.
assert_eq 401 "$(tk request -X POST --status-only "$PROXY_URL/v2/library/alpine/blobs/uploads/")" "anonymous push"
assert_eq 202 "$(tk request -X POST --status-only --credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE" \
  "$PROXY_URL/v2/library/alpine/blobs/uploads/")" "user push"

# Minted tokens: valid, expired past the registry's 60 s leeway, other audience.
mint() {
  tk mint-token --key "$TEST_TOKEN_KEY" --cert "$TEST_TOKEN_CERT" --issuer "$TEST_TOKEN_ISSUER" \
    --scope repository:library/alpine:pull "$@"
}
mint --service "$TEST_TOKEN_SERVICE" --lifetime 300 >"$TEST_TMPDIR/valid"
mint --service "$TEST_TOKEN_SERVICE" --lifetime -120 >"$TEST_TMPDIR/expired"
mint --service "$TEST_TOKEN_SERVICE" --lifetime -20 >"$TEST_TMPDIR/in-leeway"
mint --service another-registry --lifetime 300 >"$TEST_TMPDIR/foreign"
url=$TEST_REGISTRY_URL/v2/library/alpine/manifests/3.20.0
assert_eq 200 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/valid" "$url")" "valid token"
assert_eq 401 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/expired" "$url")" "expired token"
assert_eq 401 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/foreign" "$url")" "token for another service"
assert_eq 200 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/in-leeway" "$url")" \
  "the registry allows 60 s of leeway"
assert_eq 401 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/valid" \
  "$TEST_REGISTRY_URL/v2/library/python/manifests/3.12-slim")" "token for another repository"

# Strict expiry in the proxy, and a token server issuing 1-second tokens.
tk token-server --key "$TEST_TOKEN_KEY" --cert "$TEST_TOKEN_CERT" --issuer "$TEST_TOKEN_ISSUER" \
  --service "$TEST_TOKEN_SERVICE" --expires-in 1 --port-file "$TEST_TMPDIR/short.port" \
  --exit-with-parent --max-lifetime 120 </dev/null >"$TEST_TMPDIR/short.out" 2>&1 &
short_pid=$!
for _ in $(seq 1 100); do [[ -s $TEST_TMPDIR/short.port ]] && break; sleep 0.05; done
short_url=http://127.0.0.1:$(cat "$TEST_TMPDIR/short.port")/token
start_proxy --strict-token-expiry --route "/token=$short_url"
answer=$(tk request --accept '' "$PROXY_URL/token?service=$TEST_TOKEN_SERVICE&scope=repository:library/alpine:pull")
assert_contains "$answer" '"expires_in":1'
body_of "$answer" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p' >"$TEST_TMPDIR/short"
assert_eq 200 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/short" \
  "$PROXY_URL/v2/library/alpine/manifests/3.20.0")" "fresh short-lived token"
sleep 2.2
response=$(tk request -X HEAD --bearer-file "$TEST_TMPDIR/short" "$PROXY_URL/v2/library/alpine/manifests/3.20.0")
assert_eq 401 "$(status_of "$response")" "expired short-lived token through --strict-token-expiry"
assert_contains "$(header_of "$response" WWW-Authenticate)" 'error="invalid_token"'
assert_contains "$(header_of "$response" WWW-Authenticate)" "realm=\"$PROXY_URL/token\""
assert_eq 1 "$(count_requests "$PROXY_LOG" 'fault=expired-token')"
assert_eq 200 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/short" \
  "$TEST_REGISTRY_URL/v2/library/alpine/manifests/3.20.0")" "the registry itself still takes it (leeway)"
kill "$short_pid"

# OAuth2: a password grant gives a refresh token, which gives a new token.
printf 'grant_type=password&service=%s&client_id=stalebase-tests&username=%s&password=%s&scope=repository:library/alpine:pull' \
  "$TEST_TOKEN_SERVICE" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD" >"$TEST_TMPDIR/form"
answer=$(tk request -X POST --accept '' -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-file "$TEST_TMPDIR/form" "$TEST_TOKEN_URL")
assert_eq 200 "$(status_of "$answer")" "password grant"
refresh=$(body_of "$answer" | sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p')
[[ -n $refresh ]] || fail "no refresh_token in: $answer"
printf 'grant_type=refresh_token&service=%s&client_id=stalebase-tests&refresh_token=%s&scope=repository:library/alpine:pull' \
  "$TEST_TOKEN_SERVICE" "$refresh" >"$TEST_TMPDIR/form"
answer=$(tk request -X POST --accept '' -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-file "$TEST_TMPDIR/form" "$TEST_TOKEN_URL")
body_of "$answer" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' >"$TEST_TMPDIR/refreshed"
assert_eq 200 "$(tk request -X HEAD --status-only --bearer-file "$TEST_TMPDIR/refreshed" "$url")" "refreshed token"

for log in "$TEST_TOKEN_LOG" "$PROXY_LOG" "$TEST_FRONT_LOG" "$TEST_REGISTRY_LOG"; do
  assert_not_contains "$(cat "$log")" "$TEST_REGISTRY_PASSWORD" "password in $log"
  assert_not_contains "$(cat "$log")" "$refresh" "refresh token in $log"
  assert_not_contains "$(cat "$log")" "$(cat "$TEST_TMPDIR/valid")" "token in $log"
done
echo "PASS"

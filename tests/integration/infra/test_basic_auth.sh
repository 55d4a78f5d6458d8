#!/usr/bin/env bash
# The htpasswd registry rejects requests without or with wrong credentials and
# accepts the fixture's; the fixture's docker config holds them; no log holds
# the password.
# registry: basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry basic

response=$(tk request --no-auth "$TEST_REGISTRY_URL/v2/")
assert_eq 401 "$(status_of "$response")" "GET /v2/ without credentials"
assert_eq 'Basic realm="stalebase-test-registry"' "$(header_of "$response" WWW-Authenticate)"

printf '%s:wrong-password\n' "$TEST_REGISTRY_USER" >"$TEST_TMPDIR/wrong"
assert_eq 401 "$(tk request --status-only --credentials-file "$TEST_TMPDIR/wrong" "$TEST_REGISTRY_URL/v2/")" \
  "wrong password"
assert_eq 200 "$(tk request --status-only --credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE" "$TEST_REGISTRY_URL/v2/")" \
  "right password"

start_proxy
response=$(tk request -X HEAD --credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE" \
  "$PROXY_URL/v2/library/alpine/manifests/3.19.1")
assert_eq "$(seed_digest library/alpine:3.19.1)" "$(header_of "$response" Docker-Content-Digest)"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.1 auth=no status=401 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.19.1 auth=basic status=200 ')"

# The docker config the fixture wrote holds the same credentials for the host.
config=$(cat "$TEST_REGISTRY_DOCKER_CONFIG/config.json")
assert_contains "$config" "\"$TEST_REGISTRY_HOST\""
auth=$(printf '%s' "$config" | sed -n 's/.*"auth":"\([^"]*\)".*/\1/p')
assert_eq "$TEST_REGISTRY_USER:$TEST_REGISTRY_PASSWORD" "$(printf '%s' "$auth" | base64 -d)"

for log in "$PROXY_LOG" "$TEST_REGISTRY_LOG"; do
  assert_not_contains "$(cat "$log")" "$TEST_REGISTRY_PASSWORD" "password in $log"
  assert_not_contains "$(cat "$log")" "$auth" "credentials in $log"
done
echo "PASS"

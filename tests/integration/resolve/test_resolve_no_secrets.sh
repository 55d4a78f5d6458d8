#!/usr/bin/env bash
# No secret in any output at the highest verbosity: resolve and tags with
# -vv against the Basic and token registries (credentials from config.json,
# a user's bearer tokens, an identity token) print neither the password, its
# base64 form, the identity token, nor any bearer token (a JWT) on stdout or
# stderr, while the debug log does show the requests.
# registry: basic token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"

# Fails if FILE holds SECRET or anything that looks like a JWT or an
# Authorization value.
assert_clean() {
  local file=$1 secret
  shift
  for secret in "$@"; do
    grep -qF -- "$secret" "$file" && fail "a secret is in $file: $(cat "$file")"
  done
  if grep -qE 'eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}' "$file"; then
    fail "a JWT is in $file: $(grep -oE 'eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}' "$file" | head -1)"
  fi
  if grep -qiE '(bearer|basic) [A-Za-z0-9+/=_.-]{8,}' "$file"; then
    fail "an Authorization value is in $file: $(grep -iE '(bearer|basic) [A-Za-z0-9+/=_.-]{8,}' "$file" | head -1)"
  fi
  return 0
}

use_registry basic
basic_b64=$(printf '%s:%s' "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD" | base64 -w0)
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase -vv resolve --format json --platform linux/amd64 \
  "$TEST_REGISTRY_HOST/library/alpine:3.20.0" "$TEST_REGISTRY_HOST/private/app:1.0.0"
assert_status 0 "basic -vv"
assert_eq "$(seed_digest library/alpine:3.20.0 linux/amd64) $(seed_digest private/app:1.0.0)" \
  "$(json_field "$RUN_OUT_FILE" '[.[].digest] | join(" ")')"
assert_contains "$RUN_ERR" "/v2/library/alpine/manifests/3.20.0" "the debug log shows requests"
assert_clean "$RUN_OUT_FILE" "$TEST_REGISTRY_PASSWORD" "$basic_b64"
assert_clean "$RUN_ERR_FILE" "$TEST_REGISTRY_PASSWORD" "$basic_b64"
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase -vv tags --all "$TEST_REGISTRY_HOST/library/alpine:3.20.0"
assert_status 0 "basic tags -vv"
assert_clean "$RUN_OUT_FILE" "$TEST_REGISTRY_PASSWORD" "$basic_b64"
assert_clean "$RUN_ERR_FILE" "$TEST_REGISTRY_PASSWORD" "$basic_b64"
# A failed login says so without echoing what was tried.
write_auth_config "$TEST_TMPDIR/wrong" "$TEST_REGISTRY_HOST" "$TEST_REGISTRY_USER" "wrong-$TEST_REGISTRY_PASSWORD" >/dev/null
DOCKER_CONFIG=$TEST_TMPDIR/wrong run_stalebase -vv resolve "$TEST_REGISTRY_HOST/library/alpine:3.20.0"
assert_status 3 "wrong password -vv"
assert_clean "$RUN_ERR_FILE" "$TEST_REGISTRY_PASSWORD"

use_registry token
start_proxy
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase -vv resolve --format json --platform linux/arm64/v8 \
  "$TEST_REGISTRY_HOST/library/alpine:3.19.0" "$TEST_REGISTRY_HOST/private/app:1.0.0"
assert_status 0 "token -vv"
assert_eq "$(seed_digest library/alpine:3.19.0 linux/arm64/v8) $(seed_digest private/app:1.0.0)" \
  "$(json_field "$RUN_OUT_FILE" '[.[].digest] | join(" ")')"
assert_contains "$RUN_ERR" "/v2/private/app/manifests/1.0.0"
assert_clean "$RUN_OUT_FILE" "$TEST_REGISTRY_PASSWORD"
assert_clean "$RUN_ERR_FILE" "$TEST_REGISTRY_PASSWORD"
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase -vv tags "$TEST_REGISTRY_HOST/private/app:1.0.0"
assert_status 0 "token tags -vv"
assert_clean "$RUN_ERR_FILE" "$TEST_REGISTRY_PASSWORD"

# An identity token, through the proxy.
refresh=$(user_refresh_token)
mkdir -p "$TEST_TMPDIR/identity"
printf '{"auths":{"%s":{"identitytoken":"%s"}}}\n' "$PROXY_HOST" "$refresh" >"$TEST_TMPDIR/identity/config.json"
DOCKER_CONFIG=$TEST_TMPDIR/identity run_stalebase -vv resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 0 "identity token -vv"
assert_eq "$PROXY_HOST/private/app:1.0.0 $(seed_digest private/app:1.0.0)" "$RUN_OUT"
assert_clean "$RUN_ERR_FILE" "$refresh" "$TEST_REGISTRY_PASSWORD"
assert_clean "$RUN_OUT_FILE" "$refresh"
echo "PASS"

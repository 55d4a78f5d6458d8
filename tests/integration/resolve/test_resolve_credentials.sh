#!/usr/bin/env bash
# Credential sources beyond plain "auths": a fake docker-credential-test on
# PATH, named by credsStore and by credHelpers, gives the Basic registry's user
# (asked once per registry per run, with the registry's host:port as the
# server URL); a helper that knows nothing and a helper that does not exist
# fail with exit 3; an identitytoken in config.json (and a helper answering
# "<token>") is traded at the token server for a bearer token with the OAuth2
# refresh_token grant and pulls the private repository.
# registry: basic token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"

# The fake helper: answers `get` for $CRED_TEST_SERVER with $CRED_TEST_USER and
# $CRED_TEST_SECRET, logs each server URL asked to $CRED_TEST_LOG.
mkdir -p "$TEST_TMPDIR/bin"
cat >"$TEST_TMPDIR/bin/docker-credential-test" <<'HELPER'
#!/usr/bin/env bash
[[ ${1:-} == get ]] || { echo "unsupported action \"${1:-}\"" >&2; exit 1; }
read -r server
echo "$server" >>"$CRED_TEST_LOG"
if [[ $server == "$CRED_TEST_SERVER" ]]; then
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}\n' "$server" "$CRED_TEST_USER" "$CRED_TEST_SECRET"
else
  echo "credentials not found in native keychain"
  exit 1
fi
HELPER
chmod +x "$TEST_TMPDIR/bin/docker-credential-test"
export PATH=$TEST_TMPDIR/bin:$PATH
export CRED_TEST_LOG=$TEST_TMPDIR/helper.log

# ---- Basic registry
use_registry basic
export CRED_TEST_SERVER=$TEST_REGISTRY_HOST CRED_TEST_USER=$TEST_REGISTRY_USER CRED_TEST_SECRET=$TEST_REGISTRY_PASSWORD
h=$TEST_REGISTRY_HOST
refs=("$h/library/alpine:3.20.0" "$h/library/python:3.12-slim" "$h/library/alpine:3.19.0")
want="$h/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)
$h/library/python:3.12-slim $(seed_digest library/python:3.12.7-slim)
$h/library/alpine:3.19.0 $(seed_digest library/alpine:3.19.0)"

# credsStore: every registry goes to the helper.
mkdir -p "$TEST_TMPDIR/store"
echo '{"credsStore":"test"}' >"$TEST_TMPDIR/store/config.json"
: >"$CRED_TEST_LOG"
DOCKER_CONFIG=$TEST_TMPDIR/store run_stalebase resolve "${refs[@]}"
assert_status 0 "credsStore"
assert_eq "$want" "$RUN_OUT"
assert_eq "$h" "$(cat "$CRED_TEST_LOG")" "the helper is asked once, for host:port"

# credHelpers: the helper for this registry only; it wins over auths.
mkdir -p "$TEST_TMPDIR/helpers"
printf '{"auths":{"%s":{"auth":"%s"}},"credHelpers":{"%s":"test"}}\n' \
  "$h" "$(printf 'nobody:wrong' | base64 -w0)" "$h" >"$TEST_TMPDIR/helpers/config.json"
: >"$CRED_TEST_LOG"
DOCKER_CONFIG=$TEST_TMPDIR/helpers run_stalebase resolve "${refs[@]}"
assert_status 0 "credHelpers"
assert_eq "$want" "$RUN_OUT"
assert_eq "$h" "$(cat "$CRED_TEST_LOG")"

# A helper that has nothing for this registry: no credentials.
: >"$CRED_TEST_LOG"
CRED_TEST_SERVER=registry.invalid DOCKER_CONFIG=$TEST_TMPDIR/store run_stalebase resolve "$h/library/alpine:3.20.0"
assert_status 3 "helper without an entry"
assert_eq "stalebase: error: $h/library/alpine:3.20.0: authentication required: no credentials for \"$h\"" "$RUN_ERR"
assert_eq "$h" "$(cat "$CRED_TEST_LOG")"

# A helper that is not installed (a credsStore left behind): said once, and the
# look-up goes on without credentials, so this registry answers 401.
mkdir -p "$TEST_TMPDIR/missing"
echo '{"credsStore":"stalebase-no-such-helper"}' >"$TEST_TMPDIR/missing/config.json"
DOCKER_CONFIG=$TEST_TMPDIR/missing run_stalebase resolve "$h/library/alpine:3.20.0" "$h/library/alpine:3.19.0"
assert_status 3 "missing helper"
assert_eq "stalebase: warning: credential helper \"docker-credential-stalebase-no-such-helper\" (named in \"$TEST_TMPDIR/missing/config.json\") not found: asking without credentials
stalebase: error: $h/library/alpine:3.20.0: authentication required: no credentials for \"$h\"
stalebase: error: $h/library/alpine:3.19.0: authentication required: no credentials for \"$h\"" "$RUN_ERR"

# ---- Token registry: identity tokens (OAuth2 refresh tokens).
use_registry token
start_proxy
refresh=$(user_refresh_token)

mkdir -p "$TEST_TMPDIR/identity"
printf '{"auths":{"%s":{"identitytoken":"%s"}}}\n' "$PROXY_HOST" "$refresh" >"$TEST_TMPDIR/identity/config.json"
: >"$TEST_TOKEN_LOG"
DOCKER_CONFIG=$TEST_TMPDIR/identity run_stalebase resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 0 "identitytoken"
assert_eq "$PROXY_HOST/private/app:1.0.0 $(seed_digest private/app:1.0.0)" "$RUN_OUT"
assert_eq "token POST /token grant_type=refresh_token auth=no user=$TEST_REGISTRY_USER status=200 granted=repository:private/app:pull" \
  "$(grep '^token ' "$TEST_TOKEN_LOG" | sed 's/^[^t]*token /token /')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main POST /token auth=no status=200 ')" "one OAuth2 POST"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /token')" "no GET token"

# The same identity token from a credential helper ("<token>" as the user).
echo '{"credsStore":"test"}' >"$TEST_TMPDIR/store/config.json"
: >"$TEST_TOKEN_LOG"
: >"$CRED_TEST_LOG"
CRED_TEST_SERVER=$PROXY_HOST CRED_TEST_USER='<token>' CRED_TEST_SECRET=$refresh \
  DOCKER_CONFIG=$TEST_TMPDIR/store run_stalebase resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 0 "identity token from a helper"
assert_eq "$PROXY_HOST/private/app:1.0.0 $(seed_digest private/app:1.0.0)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$TEST_TOKEN_LOG" 'token POST /token grant_type=refresh_token auth=no user=stalebase status=200 granted=repository:private/app:pull$')"

# An unknown refresh token is refused by the token server: exit 3.
printf '{"auths":{"%s":{"identitytoken":"not-a-refresh-token"}}}\n' "$PROXY_HOST" >"$TEST_TMPDIR/identity/config.json"
DOCKER_CONFIG=$TEST_TMPDIR/identity run_stalebase resolve "$PROXY_HOST/private/app:1.0.0"
assert_status 3 "unknown identity token"
assert_eq "stalebase: error: $PROXY_HOST/private/app:1.0.0: authentication failed: the token server rejected the credentials" "$RUN_ERR"
echo "PASS"

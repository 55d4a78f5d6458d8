#!/usr/bin/env bash
# stalebase resolve against the token-auth registry: anonymous bearer tokens
# for public repositories, one token per repository scope reused for every
# request of a run, a private repository refused anonymously with exit 3 and
# the exact message, and pulled with a user's credentials (Basic to the token
# realm the registry's own challenge named).
# registry: token
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry token

start_proxy
r=$PROXY_HOST

# Anonymous: three references in two repositories, two of them by platform.
run_stalebase resolve --platform linux/amd64 "$r/library/alpine:3.19.0" "$r/library/alpine:3.20.0" "$r/library/python:3.13.0-slim"
assert_status 0 "anonymous"
assert_eq "$r/library/alpine:3.19.0 $(seed_digest library/alpine:3.19.0 linux/amd64)
$r/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0 linux/amd64)
$r/library/python:3.13.0-slim $(seed_digest library/python:3.13.0-slim linux/amd64)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/ auth=no status=401 ')" "one ping"
# One token per repository, asked anonymously from the realm on the proxy.
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /token\?service=stalebase-test-registry&scope=repository%3Alibrary%2Falpine%3Apull auth=no status=200 ')" "alpine token"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /token\?service=stalebase-test-registry&scope=repository%3Alibrary%2Fpython%3Apull auth=no status=200 ')" "python token"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /token')" "tokens in all"
# Every registry request carries the token and succeeds the first time.
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/.*/manifests/.* auth=bearer status=200 ')" "HEADs"
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main GET /v2/.*/manifests/sha256:.* auth=bearer status=200 ')" "index GETs"
assert_eq 1 "$(count_requests "$PROXY_LOG" "status=401")" "only the ping was refused"

# A private repository: anonymous tokens grant nothing there.
: >"$PROXY_LOG"
run_stalebase resolve "$r/private/app:1.0.0"
assert_status 3 "anonymous private pull"
assert_eq "" "$RUN_OUT"
assert_eq "stalebase: error: $r/private/app:1.0.0: repository not found or unauthorized" "$RUN_ERR"
# It asks again once (the challenge says insufficient_scope), then stops.
heads=$(count_requests "$PROXY_LOG" '^main HEAD /v2/private/app/manifests/1.0.0 auth=bearer status=401 ')
((heads >= 1 && heads <= 2)) || fail "$heads refused HEADs: $(cat "$PROXY_LOG")"
(($(wc -l <"$PROXY_LOG") <= 10)) || fail "too many requests for a refused repository: $(cat "$PROXY_LOG")"

# With the user's credentials: Basic goes to the token realm, which grants pull.
config=$(write_auth_config "$TEST_TMPDIR/user" "$r" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD")
: >"$PROXY_LOG"
: >"$TEST_TOKEN_LOG"
DOCKER_CONFIG=$TEST_TMPDIR/user run_stalebase resolve --format json "$r/private/app:1.0.0" "$r/library/alpine:3.20.0"
assert_status 0 "user pull of a private repository"
assert_eq "$(seed_digest private/app:1.0.0) $(seed_digest library/alpine:3.20.0)" \
  "$(json_field "$RUN_OUT_FILE" '[.[].digest] | join(" ")')"
assert_eq 1 "$(count_requests "$TEST_TOKEN_LOG" "^token GET /token\?[^ ]*scope=repository%3Aprivate%2Fapp%3Apull[^ ]* auth=basic user=$TEST_REGISTRY_USER status=200 granted=repository:private/app:pull$")" \
  "the token server saw the user"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /token[^ ]* auth=basic status=200 ')" "Basic only to the realm"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main (HEAD|GET) /v2/[^ ]* auth=basic ')" "no Basic to the registry itself"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/private/app/manifests/1.0.0 auth=bearer status=200 ')"

# Wrong password: the token server refuses; exit 3 with the exact message.
write_auth_config "$TEST_TMPDIR/wrong" "$r" "$TEST_REGISTRY_USER" wrong-password >/dev/null
DOCKER_CONFIG=$TEST_TMPDIR/wrong run_stalebase resolve "$r/private/app:1.0.0"
assert_status 3 "wrong password"
assert_eq "stalebase: error: $r/private/app:1.0.0: authentication failed: the token server rejected the credentials" "$RUN_ERR"

# Straight to the fixture (no proxy) with its own config.json.
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase resolve "$TEST_REGISTRY_HOST/private/app:1.0.0"
assert_status 0 "fixture config"
assert_eq "$TEST_REGISTRY_HOST/private/app:1.0.0 $(seed_digest private/app:1.0.0)" "$RUN_OUT"
echo "PASS"

#!/usr/bin/env bash
# stalebase resolve against the htpasswd (Basic) registry: credentials reach
# it from DOCKER_CONFIG's config.json, REGISTRY_AUTH_FILE, --authfile and
# DOCKER_AUTH_CONFIG, in docker's and podman's order of precedence; Basic goes
# with every request after the one /v2/ ping; no credentials and wrong ones
# fail with exit 3 and the exact message; an unreadable --authfile is exit 2.
# registry: basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry basic

ref=$TEST_REGISTRY_HOST/library/alpine:3.20.0
want="$ref $(seed_digest library/alpine:3.20.0)"

# The fixture's own config.json, three ways.
DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase resolve "$ref"
assert_status 0 "DOCKER_CONFIG"
assert_eq "$want" "$RUN_OUT"
REGISTRY_AUTH_FILE=$TEST_REGISTRY_AUTH_FILE run_stalebase resolve "$ref"
assert_status 0 "REGISTRY_AUTH_FILE"
assert_eq "$want" "$RUN_OUT"
run_stalebase resolve --authfile "$TEST_REGISTRY_AUTH_FILE" "$ref"
assert_status 0 "--authfile"
assert_eq "$want" "$RUN_OUT"
# ~/.docker/config.json when nothing else names a file.
mkdir -p "$HOME/.docker"
cp "$TEST_REGISTRY_AUTH_FILE" "$HOME/.docker/config.json"
run_stalebase resolve "$ref"
assert_status 0 "~/.docker/config.json"
assert_eq "$want" "$RUN_OUT"
rm "$HOME/.docker/config.json"
# DOCKER_AUTH_CONFIG holds the JSON itself.
DOCKER_AUTH_CONFIG=$(cat "$TEST_REGISTRY_AUTH_FILE") run_stalebase resolve "$ref"
assert_status 0 "DOCKER_AUTH_CONFIG"
assert_eq "$want" "$RUN_OUT"
# podman's auth.json under XDG_RUNTIME_DIR.
mkdir -p "$XDG_RUNTIME_DIR/containers"
cp "$TEST_REGISTRY_AUTH_FILE" "$XDG_RUNTIME_DIR/containers/auth.json"
run_stalebase resolve "$ref"
assert_status 0 "\$XDG_RUNTIME_DIR/containers/auth.json"
assert_eq "$want" "$RUN_OUT"
rm "$XDG_RUNTIME_DIR/containers/auth.json"

# No credentials anywhere.
run_stalebase resolve "$ref"
assert_status 3 "no credentials"
assert_eq "" "$RUN_OUT"
assert_eq "stalebase: error: $ref: authentication required: no credentials for \"$TEST_REGISTRY_HOST\"" "$RUN_ERR"

# Wrong password.
wrong=$(write_auth_config "$TEST_TMPDIR/wrong" "$TEST_REGISTRY_HOST" "$TEST_REGISTRY_USER" not-the-password)
run_stalebase resolve --authfile "$wrong" "$ref"
assert_status 3 "wrong password"
assert_eq "stalebase: error: $ref: authentication failed: the registry rejected the credentials" "$RUN_ERR"

# Precedence: --authfile, then REGISTRY_AUTH_FILE, then DOCKER_CONFIG; the
# first file with an entry for the registry wins, even a wrong one.
REGISTRY_AUTH_FILE=$wrong run_stalebase resolve --authfile "$TEST_REGISTRY_AUTH_FILE" "$ref"
assert_status 0 "--authfile before REGISTRY_AUTH_FILE"
assert_eq "$want" "$RUN_OUT"
REGISTRY_AUTH_FILE=$wrong DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase resolve "$ref"
assert_status 3 "REGISTRY_AUTH_FILE before DOCKER_CONFIG"
# A file without an entry for this registry is skipped.
other=$(write_auth_config "$TEST_TMPDIR/other" "registry.invalid" someone something)
REGISTRY_AUTH_FILE=$other DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG run_stalebase resolve "$ref"
assert_status 0 "a file without an entry is skipped"
assert_eq "$want" "$RUN_OUT"

# A named auth file that cannot be read is a usage error.
run_stalebase resolve --authfile "$TEST_TMPDIR/missing.json" "$ref"
assert_status 2 "missing --authfile"
assert_eq "stalebase: error: cannot read auth file \"$TEST_TMPDIR/missing.json\"" "$RUN_ERR"

# Through the proxy: the ping learns the challenge, then every request carries
# Basic at once (no 401 round trip per request).
start_proxy
config=$(write_auth_config "$TEST_TMPDIR/proxy" "$PROXY_HOST" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD")
run_stalebase resolve --authfile "$config" --platform linux/arm64/v8 \
  "$PROXY_HOST/library/python:3.12-slim" "$PROXY_HOST/library/busybox:1.36.0" "$PROXY_HOST/library/alpine:3.19.1"
assert_status 0 "basic through the proxy"
assert_eq "$PROXY_HOST/library/python:3.12-slim $(seed_digest library/python:3.12.7-slim linux/arm64/v8)
$PROXY_HOST/library/busybox:1.36.0 $(seed_digest library/busybox:1.36.0)
$PROXY_HOST/library/alpine:3.19.1 $(seed_digest library/alpine:3.19.1 linux/arm64/v8)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/ auth=no status=401 ')" "one ping"
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/.*/manifests/.* auth=basic status=200 ')" "HEADs with Basic"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /v2/.*/manifests/sha256:[0-9a-f]{64} auth=basic status=200 ')" "index GETs"
assert_eq 6 "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "requests in all"
echo "PASS"

#!/usr/bin/env bash
# Exit 3: references on an unreachable registry (nothing listens on the port)
# and on a registry that wants credentials we do not have are reported as not
# checked, and nothing else fails; --fail-on check-error makes them failures
# (exit 1); with credentials the same registry is checked.
# registry: open basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry basic
BASIC=$TEST_REGISTRY_HOST
BASIC_AUTH_FILE=$TEST_REGISTRY_AUTH_FILE
use_registry open
R=$TEST_REGISTRY_HOST
DOWN=127.0.0.1:$(tk free-port)
cd "$TEST_TMPDIR"
# No credentials from the environment of whoever runs the tests.
export HOME=$TEST_TMPDIR/home DOCKER_CONFIG=$TEST_TMPDIR/home/.docker XDG_RUNTIME_DIR=$TEST_TMPDIR/run
unset REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG

cat >Dockerfile <<EOF
FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)
FROM $BASIC/library/python:3.13.0-slim
FROM $DOWN/library/busybox:1.36.1
EOF
run_check out.json --format json Dockerfile
expect_exit 3 out.json
assert_eq $'2 check-error\n3 check-error' "$(kinds_of out.json)"
assert_eq "$(printf '%s\n' \
  "$DOWN/library/busybox:1.36.1 $DOWN network" \
  "$BASIC/library/python:3.13.0-slim $BASIC unauthorized" | LC_ALL=C sort)" \
  "$(jq -r '.errors[] | "\(.reference) \(.registry) \(.kind)"' out.json)" "the errors, sorted by reference"
assert_eq "authentication required: no credentials for \"$BASIC\"" \
  "$(jq -r --arg r "$BASIC/library/python:3.13.0-slim" '.errors[] | select(.reference == $r) | .message' out.json)"
assert_eq "[\"$R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)\"]" "$(jq -c '.references' out.json)" \
  "only the open registry's reference was checked"
assert_eq '3 2 2 0 3' "$(jq -r '.summary | "\(.distinct_references) \(.not_checked) \(.by_level.error) \(.failing) \(.exit_code)"' out.json)"
# Each error is also a line on stderr.
assert_contains "$(cat out.json.err)" "stalebase: error: $BASIC/library/python:3.13.0-slim: authentication required: no credentials for \"$BASIC\""
assert_contains "$(cat out.json.err)" "stalebase: error: $DOWN/library/busybox:1.36.1: failed to connect to 127.0.0.1 port ${DOWN#*:}"

# The table's summary says what was not checked and why (registries sorted by name).
run_check out Dockerfile
expect_exit 3 out
reasons=$(printf '%s\n' "$DOWN: network" "$BASIC: unauthorized" | LC_ALL=C sort | paste -sd, | sed 's/,/, /')
assert_eq "1 file, 3 references: 2 error; 2 not checked ($reasons)" \
  "$(tail -n 2 out | tr -s ' \n' ' ' | sed 's/ $//')"
assert_contains "$(cat out)" $'\n\nnot checked\n'
assert_contains "$(cat out)" $'\n'"  $DOWN/library/busybox:1.36.1  network"$'\n'
assert_contains "$(cat out)" $'\n'"  $BASIC/library/python:3.13.0-slim  unauthorized"$'\n'

# Without the unreachable registry (whose retries take seconds):
head -n 2 Dockerfile >basic.Dockerfile
# --fail-on check-error: not checking is a failure.
run_check out.json --format json --fail-on check-error basic.Dockerfile
expect_exit 1 out.json
assert_eq '2 check-error true' "$(jq -r '.findings[] | "\(.line) \(.kind) \(.failing)"' out.json)"

# With the basic registry's credentials (a docker config.json) it is checked.
run_check out.json --format json --authfile "$BASIC_AUTH_FILE" basic.Dockerfile
expect_exit 0 out.json
assert_eq '' "$(kinds_of out.json)"
assert_eq "$BASIC/library/python:3.13.0-slim" \
  "$(jq -r --arg b "$BASIC" '.references[] | select(startswith($b))' out.json)"
echo PASS

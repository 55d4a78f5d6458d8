#!/usr/bin/env bash
# Issue 13: an `ignore` entry covering every kind of a reference (or an inline
# `# stalebase:ignore`), or `registries.HOST.skip`, skips its look-up: the registry is not asked about it
# at all, so a down or slow registry behind an ignored image costs nothing.
# Shown with the proxy's request log; the ignored repository answers 404.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"

start_proxy --fault 'path=/library/python/,status=404'
P=$PROXY_HOST
printf 'FROM %s AS build\nFROM %s\n' "$P/library/python:3.12.1-slim" "$P/library/alpine:3.20.0" >Dockerfile
cat >.stalebase.yaml <<YAML
ignore:
  - image: $P/library/python
    reason: the vendor's registry is down
YAML
RC=0
"$STALEBASE_BIN" -v check --format json --no-cache Dockerfile >out.json 2>out.json.err || RC=$?
expect_exit 0 out.json
assert_eq 0 "$(count_requests "$PROXY_LOG" ' /v2/library/python/')" "requests for the ignored image"
assert_ne 0 "$(count_requests "$PROXY_LOG" ' /v2/library/alpine/')" "requests for the other image"
assert_eq '[]' "$(jq -c '.errors' out.json)"
assert_contains "$(cat out.json.err)" "Dockerfile:1: $P/library/python:3.12.1-slim is ignored ($TEST_TMPDIR/.stalebase.yaml:2 (\"the vendor's registry is down\")): not looked up"

# pin and update do not ask either.
: >"$PROXY_LOG"
status=0
"$STALEBASE_BIN" pin --dry-run --no-cache Dockerfile >diff 2>err || status=$?
assert_eq 0 "$status" "pin: $(cat err)"
assert_eq 0 "$(count_requests "$PROXY_LOG" ' /v2/library/python/')" "pin's requests for the ignored image"
assert_contains "$(cat diff)" "+FROM $P/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)"

# An ignore of some kinds only still needs the look-up: the 404 is reported.
cat >.stalebase.yaml <<YAML
ignore:
  - image: $P/library/python
    kinds: [patch]
    reason: waiting for 3.13
YAML
: >"$PROXY_LOG"
run_check out.json --format json --no-cache Dockerfile
expect_exit 3 out.json
assert_ne 0 "$(count_requests "$PROXY_LOG" ' /v2/library/python/')"

# registries.HOST.skip: no request at all to that host, from check or pin.
R=$TEST_REGISTRY_HOST
printf 'FROM %s\nFROM %s\n' "$P/library/python:3.12.1-slim" "$R/library/alpine:3.20.0" >Dockerfile
cat >.stalebase.yaml <<YAML
registries:
  $P:
    skip: true
YAML
: >"$PROXY_LOG"
RC=0
"$STALEBASE_BIN" -v check --format json --no-cache Dockerfile >out.json 2>out.json.err || RC=$?
expect_exit 0 out.json
assert_eq 0 "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "requests to the skipped registry"
assert_contains "$(cat out.json.err)" "Dockerfile:1: $P/library/python:3.12.1-slim is ignored (registries.$P.skip): not looked up"
"$STALEBASE_BIN" pin --dry-run --no-cache Dockerfile >diff 2>err || fail "pin: $(cat err)"
assert_eq 0 "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "pin's requests to the skipped registry"
assert_not_contains "$(cat diff)" "+FROM $P/library/python"
assert_contains "$(cat diff)" "+FROM $R/library/alpine:3.20.0@"
echo PASS

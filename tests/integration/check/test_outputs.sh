#!/usr/bin/env bash
# `check --output FORMAT=PATH` (repeatable): the same run's report in more
# formats, each file byte-identical to that format on standard output; a bad
# FORMAT or a PATH that cannot be written is a usage error (exit 2) before any
# request.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"

start_proxy
P=$PROXY_HOST
printf 'FROM %s\nFROM %s\n' "$P/library/python:3.12.1-slim" "$P/library/alpine:3.20" >Dockerfile

run_check out --format github --platform linux/amd64 --output sarif=out.sarif \
  --output json=out.json --output table=out.txt Dockerfile
expect_exit 1 out
for format in sarif json table; do
  run_check "expected.$format" --format "$format" --platform linux/amd64 Dockerfile
  expect_exit 1 "expected.$format"
done
cmp expected.sarif out.sarif || fail "the SARIF file differs from --format sarif"
cmp expected.json out.json || fail "the JSON file differs from --format json"
cmp expected.table out.txt || fail "the table file differs from --format table"
run_check expected.github --format github --platform linux/amd64 Dockerfile
cmp expected.github out || fail "standard output is not the github format"
ls -a | grep -q '\.stalebase-' && fail "a temporary file was left"

# Usage errors, before any look-up.
: >"$PROXY_LOG"
run_check out --output xml=out.xml Dockerfile
expect_exit 2 out
assert_eq 'stalebase: error: invalid --output "xml=out.xml": unknown format "xml", expected table, json, sarif, github or markdown' "$(cat out.err)"
run_check out --output sarif Dockerfile
expect_exit 2 out
assert_eq 'stalebase: error: invalid --output "sarif": expected FORMAT=PATH' "$(cat out.err)"
run_check out --output sarif=nope/out.sarif Dockerfile
expect_exit 2 out
assert_eq 'stalebase: error: cannot write --output "sarif=nope/out.sarif": folder "nope" does not exist' "$(cat out.err)"
mkdir adir
run_check out --output sarif=adir Dockerfile
expect_exit 2 out
assert_eq 'stalebase: error: cannot write --output "sarif=adir": "adir" is a folder' "$(cat out.err)"
assert_eq 0 "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "requests made before the usage errors"
echo PASS

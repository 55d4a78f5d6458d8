#!/usr/bin/env bash
# Partial results: one repository whose registry always answers 503, one that is
# rate limited for longer than stalebase waits, and a registry that wants
# credentials affect only their own references; everything else is still
# checked and reported (exit 1 for a stale one), and every format's summary
# says what was not checked and why.
# registry: open basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry basic
BASIC=$TEST_REGISTRY_HOST
use_registry open
cd "$TEST_TMPDIR"
export HOME=$TEST_TMPDIR/home DOCKER_CONFIG=$TEST_TMPDIR/home/.docker XDG_RUNTIME_DIR=$TEST_TMPDIR/run
unset REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG

# (Retry-After: 0 keeps the retries of the 503s quick.)
start_proxy --fault 'path=^/v2/library/python/,status=503,retry-after=0' \
  --fault 'path=^/v2/library/debian/,status=429,retry-after=3600'
P=$PROXY_HOST
cat >Dockerfile <<EOF
FROM $P/library/python:3.12.1-slim AS py
FROM $P/library/debian:bookworm-20240211
FROM $BASIC/library/busybox:1.36.1
FROM $P/library/alpine:3.19.0
FROM $P/windows/servercore:10.0.17763.5458@$(seed_digest windows/servercore:10.0.17763.5458)
EOF
run_check out.json --format json Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' '1 check-error' '2 check-error' '3 check-error' '4 patch-available' '4 minor-available')" \
  "$(kinds_of out.json)"
assert_eq "$(printf '%s\n' \
  "$BASIC/library/busybox:1.36.1 $BASIC unauthorized" \
  "$P/library/debian:bookworm-20240211 $P rate-limited" \
  "$P/library/python:3.12.1-slim $P unavailable" | LC_ALL=C sort)" \
  "$(jq -r '.errors[] | "\(.reference) \(.registry) \(.kind)"' out.json)" "the errors, sorted by reference"
assert_eq "[\"$P/library/alpine:3.19.0\",\"$P/windows/servercore:10.0.17763.5458@$(seed_digest windows/servercore:10.0.17763.5458)\"]" \
  "$(jq -c '.references' out.json)" "the references checked"
assert_eq '3 1 1' "$(jq -r '.summary | "\(.not_checked) \(.failing) \(.by_kind["patch-available"])"' out.json)"
assert_eq 'registry unavailable' \
  "$(jq -r '.errors[] | select(.kind == "unavailable") | .message' out.json)"
# python (an unpinned version: its tag list comes first) was asked with
# retries, then given up; debian once (the wait was too long).
assert_eq 4 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/python/tags/list.*status=503 fault=1 ')"
assert_eq 4 "$(count_requests "$PROXY_LOG" '^main [A-Z]+ /v2/library/python/')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main [A-Z]+ /v2/library/debian/')"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main [A-Z]+ /v2/library/debian/.* fault=- ')"

# The table: the findings of the others, then what was not checked, then the summary.
run_check out --no-cache Dockerfile
expect_exit 1 out
reasons=$(printf '%s\n' "$P: rate-limited" "$P: unavailable" "$BASIC: unauthorized" | LC_ALL=C sort | paste -sd'|' | sed 's/|/, /g')
assert_eq "1 file, 5 references: 1 fail (1 patch-available), 3 error, 1 info; 3 not checked ($reasons)" \
  "$(sed -n '/^1 file/,$p' out | tr -s ' \n' ' ' | sed 's/ $//')"
assert_match "$(cat out)" "
  4  fail   $P/library/alpine:3\\.19\\.0 +patch-available
"
# The move is said once, as the fix; the message says what is newer.
assert_match "$(cat out)" "
 +newer patch build 3\\.19\\.1 in the same track
"
assert_eq 1 "$(grep -c '3\.19\.0 → 3\.19\.1' out)" "the move is said once"
assert_contains "$(cat out)" $'not checked\n'

# Markdown and GitHub say it too.
run_check out.md --format markdown --no-cache Dockerfile
expect_exit 1 out.md
assert_contains "$(cat out.md)" "3 not checked ($reasons)"
assert_contains "$(cat out.md)" $'## Not checked\n\n| reference | reason |\n| --- | --- |\n'
assert_contains "$(cat out.md)" "| \`$P/library/python:3.12.1-slim\` | unavailable: registry unavailable |"
run_check out.gh --format github --no-cache Dockerfile
expect_exit 1 out.gh
assert_contains "$(cat out.gh)" "::error title=3 references not checked::"
assert_contains "$(cat out.gh)" "$P/library/python:3.12.1-slim: unavailable: registry unavailable"
echo PASS

#!/usr/bin/env bash
# --registry-mirror: a mirror that fails (503 for one repository, or nothing listening at
# all) is passed over for the registry itself, as docker does; the check is complete, the
# findings are those of the registry, and the fallback is said once per mirror. A working
# mirror answers alone.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"
command -v jq >/dev/null || fail "jq is required"

R=$TEST_REGISTRY_HOST
printf 'FROM %s AS py\nFROM %s\n' "$R/library/python:3.12.1-slim" "$R/library/alpine:3.19.0" >Dockerfile
findings() { jq -r '[.findings[] | "\(.line) \(.kind) \(.suggested.tag)"] | join(",")' "$1"; }
expected='1 patch-available 3.12.7-slim,1 minor-available 3.13.0-slim,2 patch-available 3.19.1,2 minor-available 3.20.0'

# A mirror that answers 503 for python only: alpine comes from the mirror, python from
# the registry.
start_proxy --fault 'path=^/v2/library/python/,status=503,retry-after=0'
run_check out.json --format json --no-cache --registry-mirror "$R=$PROXY_URL" Dockerfile
expect_exit 1 out.json
assert_eq "$expected" "$(findings out.json)" "findings through a half-broken mirror"
assert_eq 0 "$(jq -r .summary.not_checked out.json)" "everything was checked"
assert_eq "[]" "$(jq -c .errors out.json)"
[[ $(count_requests "$PROXY_LOG" '/v2/library/alpine/') -ge 1 ]] || fail "the mirror was not asked for alpine"
[[ $(count_requests "$PROXY_LOG" '/v2/library/python/') -ge 1 ]] || fail "the mirror was not asked for python"
assert_eq 1 "$(grep -c "mirror $PROXY_URL failed" out.json.err)" "the fallback is said once: $(cat out.json.err)"
stop_proxy

# Nothing listening where the mirror should be: every answer from the registry.
dead="http://127.0.0.1:$(tk free-port)"
run_check out.json --format json --no-cache --registry-mirror "$R=$dead" Dockerfile
expect_exit 1 out.json
assert_eq "$expected" "$(findings out.json)" "findings past a dead mirror"
assert_eq 1 "$(grep -c "mirror $dead failed" out.json.err)" "the fallback is said once: $(cat out.json.err)"

# A working mirror: the same findings, and nothing said.
start_proxy
run_check out.json --format json --no-cache --registry-mirror "$R=$PROXY_URL" Dockerfile
expect_exit 1 out.json
assert_eq "$expected" "$(findings out.json)" "findings through a working mirror"
assert_eq 0 "$(grep -c "failed" out.json.err)" "a working mirror is not passed over"
[[ $(count_requests "$PROXY_LOG" '/v2/library/python/') -ge 1 ]] || fail "the working mirror was not asked"
echo PASS

#!/usr/bin/env bash
# registry-fixture.sh starts a registry on a free loopback port, writes the env
# file, survives a leftover state folder, and stop leaves nothing running.
# timeout: 60
source "$STALEBASE_INTEGRATION_DIR/lib.sh"

state=$TEST_TMPDIR/state
fixture=$STALEBASE_INTEGRATION_DIR/registry-fixture.sh
trap 'bash "$fixture" stop open "$state" >/dev/null 2>&1; _cleanup' EXIT
for mode in open token; do
  bash "$fixture" start "$mode" "$state" >/dev/null
  mapfile -t pids <"$state/pids"
  # A second start over the same folder stops the first one.
  bash "$fixture" start "$mode" "$state" >/dev/null
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then fail "pid $pid of the first start still runs"; fi
  done
  (
    set -a
    source "$state/env"
    assert_eq "$mode" "$TEST_REGISTRY_MODE"
    assert_match "$TEST_REGISTRY_URL" '^http://127\.0\.0\.1:[0-9]+$'
    credentials=()
    [[ -n $TEST_REGISTRY_CREDENTIALS_FILE ]] && credentials=(--credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE")
    assert_eq 200 "$(tk request --status-only "${credentials[@]}" "$TEST_REGISTRY_URL/v2/")" "GET /v2/ in $mode mode"
    [[ -d $TEST_REGISTRY_STORAGE ]] || fail "no storage folder \"$TEST_REGISTRY_STORAGE\""
    grep -q "addr: 127.0.0.1:$(echo "$TEST_REGISTRY_DIRECT_URL" | sed 's/.*://')" "$state/config.yml" ||
      fail "the registry does not listen on loopback"
  )
  mapfile -t pids <"$state/pids"
  storage=$(cat "$state/storage-path")
  bash "$fixture" stop "$mode" "$state" >/dev/null
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then fail "pid $pid still runs after stop"; fi
  done
  [[ ! -e $storage ]] || fail "stop left the storage \"$storage\""
done
if bash "$fixture" start bogus "$state" 2>"$TEST_TMPDIR/err"; then fail "a bogus mode started"; fi
assert_eq 'registry-fixture: error: unknown mode "bogus" (expected open, basic or token)' "$(cat "$TEST_TMPDIR/err")"
echo "PASS"

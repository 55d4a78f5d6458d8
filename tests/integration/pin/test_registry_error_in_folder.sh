#!/usr/bin/env bash
# A folder where the registry fails for one image: the files and references it does not
# concern are still pinned, the others are left as they were with the reason, and the exit
# code is 3.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

start_proxy --fault 'path=/v2/library/python/,status=500'
host=$PROXY_HOST
mkdir -p "$TEST_TMPDIR/repo/a" "$TEST_TMPDIR/repo/b" "$TEST_TMPDIR/repo/c"
printf 'FROM %s\n' "$host/library/alpine:3.19.0" >"$TEST_TMPDIR/repo/a/Dockerfile"
printf 'FROM %s\n' "$host/library/python:3.12.1-slim" >"$TEST_TMPDIR/repo/b/Dockerfile"
printf 'FROM %s AS x\nFROM %s\n' "$host/library/busybox:1.36.0" "$host/library/python:3.12.1-slim" \
  >"$TEST_TMPDIR/repo/c/Dockerfile"
cp "$TEST_TMPDIR/repo/b/Dockerfile" "$TEST_TMPDIR/b.original"

set +e
"$STALEBASE_BIN" pin --no-cache --jobs 1 "$TEST_TMPDIR/repo" >"$TEST_TMPDIR/out" 2>"$TEST_TMPDIR/err"
status=$?
set -e
assert_eq 3 "$status" "exit code with a registry error"
assert_eq "FROM $host/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)" \
  "$(cat "$TEST_TMPDIR/repo/a/Dockerfile")"
cmp "$TEST_TMPDIR/b.original" "$TEST_TMPDIR/repo/b/Dockerfile" || fail "b changed"
printf 'FROM %s AS x\nFROM %s\n' "$host/library/busybox:1.36.0@$(seed_digest library/busybox:1.36.0)" \
  "$host/library/python:3.12.1-slim" >"$TEST_TMPDIR/c.expected"
diff -u "$TEST_TMPDIR/c.expected" "$TEST_TMPDIR/repo/c/Dockerfile" || fail "c differs"
out=$(cat "$TEST_TMPDIR/out")
assert_contains "$out" "line 1: left $host/library/python:3.12.1-slim alone: could not check 3.12.1-slim in $host/library/python:"
assert_contains "$out" "2 references pinned in 2 files, 2 left alone"
assert_contains "$(cat "$TEST_TMPDIR/err")" "stalebase: error: $host/library/python:3.12.1-slim:"
echo PASS

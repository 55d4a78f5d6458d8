#!/usr/bin/env bash
# `--dry-run` prints a unified diff and writes nothing; `--check` writes nothing and exits 1
# while something would change, 0 once nothing would.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

host=$TEST_REGISTRY_HOST
file=$TEST_TMPDIR/Dockerfile
printf 'FROM %s\nRUN true\n' "$host/library/python:3.12.1-slim" >"$file"
cp "$file" "$TEST_TMPDIR/original"

"$STALEBASE_BIN" pin --dry-run --cache-dir "$TEST_TMPDIR/cache" "$file" \
  >"$TEST_TMPDIR/diff" 2>"$TEST_TMPDIR/err" || fail "pin --dry-run failed: $(cat "$TEST_TMPDIR/err")"
digest=$(seed_digest library/python:3.12.1-slim)
printf -- '--- %s\n+++ %s\n@@ -1,2 +1,2 @@\n-FROM %s\n+FROM %s\n RUN true\n' \
  "$file" "$file" "$host/library/python:3.12.1-slim" "$host/library/python:3.12.1-slim@$digest" \
  >"$TEST_TMPDIR/expected"
diff -u "$TEST_TMPDIR/expected" "$TEST_TMPDIR/diff" || fail "unexpected diff"
assert_contains "$(cat "$TEST_TMPDIR/err")" "1 reference would be pinned in 1 file"
cmp "$TEST_TMPDIR/original" "$file" || fail "--dry-run changed the file"
# The diff applies.
patch --dry-run "$file" <"$TEST_TMPDIR/diff" >/dev/null || fail "the diff does not apply"

set +e
"$STALEBASE_BIN" update --check --cache-dir "$TEST_TMPDIR/cache" "$file" >"$TEST_TMPDIR/out"
status=$?
set -e
assert_eq 1 "$status" "update --check with a patch available"
assert_contains "$(cat "$TEST_TMPDIR/out")" "1 reference would be updated in 1 file"
cmp "$TEST_TMPDIR/original" "$file" || fail "--check changed the file"

"$STALEBASE_BIN" update --cache-dir "$TEST_TMPDIR/cache" "$file" >/dev/null || fail "update failed"
"$STALEBASE_BIN" update --check --cache-dir "$TEST_TMPDIR/cache" "$file" >"$TEST_TMPDIR/out" ||
  fail "update --check after update exited $?"
assert_eq "nothing to change" "$(cat "$TEST_TMPDIR/out")"
echo PASS

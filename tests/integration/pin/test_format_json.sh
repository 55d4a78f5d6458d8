#!/usr/bin/env bash
# `pin`/`update --format json`: one JSON document on stdout in every mode (dry-run, check,
# write, standard input), whose changes, diff, skipped references and exit code match what
# was done; the diff applies; only the write mode touches the file.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
command -v jq >/dev/null || fail "jq is required"

host=$TEST_REGISTRY_HOST
file=$TEST_TMPDIR/Dockerfile
printf 'FROM %s\nCOPY --from=%s /a /a\nRUN true\n' \
  "$host/library/python:3.12.1-slim" "$host/library/busybox:\${V}" >"$file"
cp "$file" "$TEST_TMPDIR/original"
q() { jq -r "$1" "$TEST_TMPDIR/out.json"; }

# update --dry-run: the move to the newest patch build, shown, nothing written.
"$STALEBASE_BIN" update --format json --dry-run --cache-dir "$TEST_TMPDIR/cache" "$file" \
  >"$TEST_TMPDIR/out.json" 2>"$TEST_TMPDIR/err" || fail "update --dry-run failed: $(cat "$TEST_TMPDIR/err")"
jq -e . "$TEST_TMPDIR/out.json" >/dev/null || fail "stdout is not one JSON document"
assert_eq 1 "$(q .schema_version)"
assert_eq update "$(q .command)"
assert_eq dry-run "$(q .mode)"
assert_eq 0 "$(q .summary.exit_code)"
assert_eq 1 "$(q .summary.files_changed)"
assert_eq 1 "$(q .summary.references_changed)"
assert_eq "$file" "$(q '.files[0].file')"
assert_eq true "$(q '.files[0].changed')"
assert_eq false "$(q '.files[0].written')"
assert_eq 1 "$(q '.files[0].changes[0].line')"
assert_eq "$host/library/python:3.12.1-slim" "$(q '.files[0].changes[0].before')"
assert_eq "$host/library/python:3.12.7-slim" "$(q '.files[0].changes[0].after')"
assert_eq false "$(q '.files[0].changes[0].through_arg')"
# The COPY --from fed by an unset ARG cannot be rewritten: it is listed as left alone.
assert_eq 2 "$(q '.files[0].skipped[0].line')"
assert_eq null "$(q '.files[0].error')"
assert_eq "[]" "$(jq -c .errors "$TEST_TMPDIR/out.json")"
cmp "$TEST_TMPDIR/original" "$file" || fail "--dry-run changed the file"
q '.files[0].diff' >"$TEST_TMPDIR/diff"
patch --dry-run "$file" <"$TEST_TMPDIR/diff" >/dev/null || fail "the JSON diff does not apply"

# pin --check: exit 1 because something would change; still nothing written.
set +e
"$STALEBASE_BIN" pin --format json --check --cache-dir "$TEST_TMPDIR/cache" "$file" \
  >"$TEST_TMPDIR/out.json" 2>"$TEST_TMPDIR/err"
status=$?
set -e
assert_eq 1 "$status" "pin --check with an unpinned reference"
assert_eq pin "$(q .command)"
assert_eq check "$(q .mode)"
assert_eq 1 "$(q .summary.exit_code)"
assert_eq "$host/library/python:3.12.1-slim@$(seed_digest library/python:3.12.1-slim)" \
  "$(q '.files[0].changes[0].after')"
cmp "$TEST_TMPDIR/original" "$file" || fail "--check changed the file"

# update --pin (write): the file changes as the JSON says.
"$STALEBASE_BIN" update --pin --format json --cache-dir "$TEST_TMPDIR/cache" "$file" \
  >"$TEST_TMPDIR/out.json" 2>"$TEST_TMPDIR/err" || fail "update failed: $(cat "$TEST_TMPDIR/err")"
assert_eq write "$(q .mode)"
assert_eq true "$(q '.files[0].written')"
expected_after="$host/library/python:3.12.7-slim@$(seed_digest library/python:3.12.7-slim)"
assert_eq "$expected_after" "$(q '.files[0].changes[0].after')"
assert_eq "FROM $expected_after" "$(head -n 1 "$file")"
assert_eq null "$(q '.files[0].content')"

# A second run changes nothing.
"$STALEBASE_BIN" update --pin --format json --cache-dir "$TEST_TMPDIR/cache" "$file" \
  >"$TEST_TMPDIR/out.json" || fail "second update failed"
assert_eq 0 "$(q .summary.references_changed)"
assert_eq false "$(q '.files[0].changed')"
assert_eq null "$(q '.files[0].diff')"

# Standard input: the new bytes are in the document, not printed raw.
printf 'FROM %s\n' "$host/library/alpine:3.19.0" |
  "$STALEBASE_BIN" pin --format json --cache-dir "$TEST_TMPDIR/cache" - >"$TEST_TMPDIR/out.json" ||
  fail "pin - failed"
assert_eq "-" "$(q '.files[0].file')"
assert_eq "FROM $host/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)" \
  "$(q '.files[0].content')"
echo PASS

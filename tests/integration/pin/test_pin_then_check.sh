#!/usr/bin/env bash
# `pin` gives every reference its index digest (FROM, COPY --from, RUN --mount, an ARG-fed
# FROM, a drifted pin), byte for byte elsewhere (CRLF kept); `check` then reports no unpinned
# reference and no drift, and a second `pin` changes nothing.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

host=$TEST_REGISTRY_HOST
old_debian=$(KIND=previous seed_digest library/debian:bookworm-20240101)
printf '%s\r\n' \
  "ARG BASE=$host/library/alpine:3.19.0" \
  'FROM ${BASE} AS base' \
  "COPY --from=$host/library/python:3.12.1-slim /usr/local /usr/local" \
  "RUN --mount=type=bind,from=$host/library/busybox:1.36.0,target=/b true" \
  "FROM $host/library/debian:bookworm-20240101@$old_debian" \
  'RUN <<EOF' \
  "FROM $host/library/alpine:3.19.0" \
  'EOF' >"$TEST_TMPDIR/Dockerfile"
chmod 0640 "$TEST_TMPDIR/Dockerfile"

"$STALEBASE_BIN" pin --cache-dir "$TEST_TMPDIR/cache" "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/out" ||
  fail "pin failed: $(cat "$TEST_TMPDIR/out")"
printf '%s\r\n' \
  "ARG BASE=$host/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)" \
  'FROM ${BASE} AS base' \
  "COPY --from=$host/library/python:3.12.1-slim@$(seed_digest library/python:3.12.1-slim) /usr/local /usr/local" \
  "RUN --mount=type=bind,from=$host/library/busybox:1.36.0@$(seed_digest library/busybox:1.36.0),target=/b true" \
  "FROM $host/library/debian:bookworm-20240101@$(seed_digest library/debian:bookworm-20240101)" \
  'RUN <<EOF' \
  "FROM $host/library/alpine:3.19.0" \
  'EOF' >"$TEST_TMPDIR/expected"
cmp "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" ||
  fail "pinned file differs: $(diff "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" | cat -A)"
assert_eq 640 "$(stat -c %a "$TEST_TMPDIR/Dockerfile")" "permissions kept"
out=$(cat "$TEST_TMPDIR/out")
assert_contains "$out" "line 2: $host/library/alpine:3.19.0 → $host/library/alpine:3.19.0@sha256:"
assert_contains "$out" "(edited the default of ARG BASE on line 1)"
assert_contains "$out" "4 references pinned in 1 file"
assert_eq "" "$(ls -A "$TEST_TMPDIR" | grep stalebase- || true)" "no temporary file left"

"$STALEBASE_BIN" check --cache-dir "$TEST_TMPDIR/cache" --format json --fail-on none \
  "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/check.json" || fail "check failed"
check=$(cat "$TEST_TMPDIR/check.json")
assert_not_contains "$check" '"kind": "unpinned"'
assert_not_contains "$check" '"kind": "digest-drift"'
assert_not_contains "$check" '"kind": "check-error"'

cp "$TEST_TMPDIR/Dockerfile" "$TEST_TMPDIR/before"
out=$("$STALEBASE_BIN" pin --cache-dir "$TEST_TMPDIR/cache" "$TEST_TMPDIR/Dockerfile")
assert_eq "nothing to change" "$out" "second pin"
cmp "$TEST_TMPDIR/before" "$TEST_TMPDIR/Dockerfile" || fail "second pin changed the file"
echo PASS

#!/usr/bin/env bash
# `update` moves every reference to the newest patch (refreshing digests that were there,
# adding none), `check` then reports no patch-available and no digest-drift; `--level minor
# --pin` goes further and pins.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

host=$TEST_REGISTRY_HOST
cat >"$TEST_TMPDIR/Dockerfile" <<DOCKERFILE
ARG PY=3.12.1
FROM $host/library/python:\${PY}-slim AS build
FROM $host/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)
COPY --from=$host/library/busybox:1.36.0 /bin/busybox /bin/busybox
DOCKERFILE

"$STALEBASE_BIN" update --cache-dir "$TEST_TMPDIR/cache" "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/out" ||
  fail "update failed: $(cat "$TEST_TMPDIR/out")"
cat >"$TEST_TMPDIR/expected" <<DOCKERFILE
ARG PY=3.12.7
FROM $host/library/python:\${PY}-slim AS build
FROM $host/library/alpine:3.19.1@$(seed_digest library/alpine:3.19.1)
COPY --from=$host/library/busybox:1.36.1 /bin/busybox /bin/busybox
DOCKERFILE
diff -u "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" || fail "updated file differs"
assert_contains "$(cat "$TEST_TMPDIR/out")" "3 references updated in 1 file"

"$STALEBASE_BIN" check --cache-dir "$TEST_TMPDIR/cache" --format json --fail-on none \
  "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/check.json" || fail "check failed"
check=$(cat "$TEST_TMPDIR/check.json")
assert_not_contains "$check" '"kind": "patch-available"'
assert_not_contains "$check" '"kind": "digest-drift"'
assert_not_contains "$check" '"kind": "check-error"'
assert_contains "$check" '"kind": "minor-available"'

"$STALEBASE_BIN" update --level minor --pin --cache-dir "$TEST_TMPDIR/cache" \
  "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/out" || fail "update --level minor failed"
cat >"$TEST_TMPDIR/expected" <<DOCKERFILE
ARG PY=3.13.0
FROM $host/library/python:\${PY}-slim@$(seed_digest library/python:3.13.0-slim) AS build
FROM $host/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)
COPY --from=$host/library/busybox:1.36.1@$(seed_digest library/busybox:1.36.1) /bin/busybox /bin/busybox
DOCKERFILE
diff -u "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" || fail "file after --level minor --pin differs"
"$STALEBASE_BIN" check --cache-dir "$TEST_TMPDIR/cache" --format json --fail-on none \
  "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/check.json" || fail "second check failed"
check=$(cat "$TEST_TMPDIR/check.json")
for kind in patch-available minor-available digest-drift unpinned; do
  assert_not_contains "$check" "\"kind\": \"$kind\""
done
echo PASS

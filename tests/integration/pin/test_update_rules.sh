#!/usr/bin/env bash
# `update --level minor` honours the configuration's rules: an image whose rule says
# `max-level: patch` moves only to the newest patch, the others to the newest minor.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

host=$TEST_REGISTRY_HOST
cat >"$TEST_TMPDIR/stalebase.yaml" <<YAML
rules:
  - image: $host/library/alpine
    max-level: patch
YAML
printf 'FROM %s\nFROM %s\n' "$host/library/alpine:3.19.0" "$host/library/python:3.12.1-slim" \
  >"$TEST_TMPDIR/Dockerfile"
"$STALEBASE_BIN" update --level minor --config "$TEST_TMPDIR/stalebase.yaml" \
  --cache-dir "$TEST_TMPDIR/cache" "$TEST_TMPDIR/Dockerfile" >"$TEST_TMPDIR/out" ||
  fail "update failed: $(cat "$TEST_TMPDIR/out")"
assert_eq "FROM $host/library/alpine:3.19.1
FROM $host/library/python:3.13.0-slim" "$(cat "$TEST_TMPDIR/Dockerfile")"
echo PASS

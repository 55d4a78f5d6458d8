#!/usr/bin/env bash
# `pin` and `update` honour ignores as `check` does: a reference an inline
# `# stalebase:ignore` (every kind) covers is not rewritten, a configuration
# entry limited to `patch` keeps `update` from moving to a patch but lets `pin`
# add the digest, and `-v` says what was left alone and why.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
cd "$TEST_TMPDIR"

host=$TEST_REGISTRY_HOST
cat >.stalebase.yaml <<YAML
ignore:
  - image: $host/library/python
    kinds: [patch]
    reason: waiting for the 3.13 migration
YAML
write_dockerfile() {
  printf '%s\n' "FROM $host/library/python:3.12.1-slim" "# stalebase:ignore pinned by hand" \
    "FROM $host/library/alpine:3.19.0" "FROM $host/library/alpine:3.19.0" >Dockerfile
}

write_dockerfile
"$STALEBASE_BIN" -v update --level patch --cache-dir cache Dockerfile >out 2>err ||
  fail "update failed: $(cat out err)"
assert_eq "$(printf '%s\n' "FROM $host/library/python:3.12.1-slim" "# stalebase:ignore pinned by hand" \
  "FROM $host/library/alpine:3.19.0" "FROM $host/library/alpine:3.19.1")" "$(cat Dockerfile)" "after update"
assert_contains "$(cat err)" "Dockerfile:3: $host/library/alpine:3.19.0 is ignored (Dockerfile:2 (\"pinned by hand\")): not rewritten"
assert_contains "$(cat out)" "1 reference updated in 1 file"

write_dockerfile
"$STALEBASE_BIN" -v pin --cache-dir cache Dockerfile >out 2>err || fail "pin failed: $(cat out err)"
assert_eq "$(printf '%s\n' "FROM $host/library/python:3.12.1-slim@$(seed_digest library/python:3.12.1-slim)" \
  "# stalebase:ignore pinned by hand" "FROM $host/library/alpine:3.19.0" \
  "FROM $host/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)")" "$(cat Dockerfile)" "after pin"
assert_contains "$(cat err)" "Dockerfile:3: $host/library/alpine:3.19.0 is ignored"

# Without -v the ignored reference is not mentioned.
write_dockerfile
"$STALEBASE_BIN" pin --cache-dir cache Dockerfile >out 2>err || fail "pin failed: $(cat out err)"
assert_not_contains "$(cat out err)" "ignored"
echo PASS

#!/usr/bin/env bash
# `pin PATH` writes only inside PATH: a Dockerfile symlink found in the folder whose target lies
# outside it is skipped with a warning (issue 12), one inside it is followed; a file with other
# hard links is rewritten after a warning that the links are split.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

host=$TEST_REGISTRY_HOST
image=$host/library/python:3.12.1-slim
digest=$(seed_digest library/python:3.12.1-slim)
tree=$TEST_TMPDIR/tree
mkdir -p "$tree/app" "$TEST_TMPDIR/outside"
printf 'FROM %s\n' "$image" >"$TEST_TMPDIR/outside/Dockerfile"
ln -s ../../outside/Dockerfile "$tree/app/Dockerfile"
printf 'FROM %s\n' "$image" >"$tree/Dockerfile.inner"
ln -s Dockerfile.inner "$tree/Dockerfile"
printf 'FROM %s\n' "$image" >"$tree/Containerfile"
ln "$tree/Containerfile" "$TEST_TMPDIR/hard-link"

"$STALEBASE_BIN" pin --cache-dir "$TEST_TMPDIR/cache" "$tree" \
  >"$TEST_TMPDIR/out" 2>"$TEST_TMPDIR/err" || fail "pin failed: $(cat "$TEST_TMPDIR/err")"
err=$(cat "$TEST_TMPDIR/err")
assert_contains "$err" "stalebase: warning: skipping \"$tree/app/Dockerfile\": a symbolic link to a file outside \"$tree\""
assert_contains "$err" "stalebase: warning: \"$tree/Containerfile\" has 2 hard links: writing it makes it a separate file"
assert_eq "FROM $image" "$(cat "$TEST_TMPDIR/outside/Dockerfile")" "the file outside the tree was written"
assert_eq "FROM $image@$digest" "$(cat "$tree/Dockerfile.inner")" "the symlink inside the tree"
assert_eq "FROM $image@$digest" "$(cat "$tree/Containerfile")"
assert_eq "FROM $image" "$(cat "$TEST_TMPDIR/hard-link")"
[ -L "$tree/Dockerfile" ] || fail "the symlink inside the tree was replaced"
echo PASS

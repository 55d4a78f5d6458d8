#!/usr/bin/env bash
# `stalebase --version`: the version, the git revision it was built from (when the source tree
# is a git checkout, or given as STALEBASE_GIT_REVISION) and the allocator it really uses.
# Usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR (jemalloc or system) [REVISION]
source "$(dirname "$0")/lib.sh"
VERSION=${3:?usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR}
ALLOCATOR=${4:?usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR}
REVISION=${5:-}
if [ -z "$REVISION" ]; then
  REVISION=$(git -C "$SOURCE_DIR" describe --always --dirty --abbrev=12 --exclude='*' 2>/dev/null)
fi

test_version_and_allocator() {
  run --version
  expect_code 0
  local pattern revision=""
  [ -z "$REVISION" ] || revision="revision $REVISION, "
  if [ "$ALLOCATOR" = jemalloc ]; then
    # A jemalloc that was linked but did not replace malloc would add
    # "(linked, but malloc is not overridden)" and fail here.
    pattern="^stalebase ${VERSION//./\\.} \\(${revision}allocator: jemalloc [0-9]+\\.[0-9]+\\.[0-9]+\\)\$"
  else
    pattern="^stalebase ${VERSION//./\\.} \\(${revision}allocator: system malloc\\)\$"
  fi
  [[ "$OUT" =~ $pattern ]] || fail "version line does not match $pattern"
  expect_err_empty
}

run_case "$@"

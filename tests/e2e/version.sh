#!/usr/bin/env bash
# `stalebase --version`: the version and the allocator the binary really uses.
# Usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR (jemalloc or system)
source "$(dirname "$0")/lib.sh"
VERSION=${3:?usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR}
ALLOCATOR=${4:?usage: version.sh STALEBASE_BINARY CASE VERSION ALLOCATOR}

test_version_and_allocator() {
  run --version
  expect_code 0
  local pattern
  if [ "$ALLOCATOR" = jemalloc ]; then
    # A jemalloc that was linked but did not replace malloc would add
    # "(linked, but malloc is not overridden)" and fail here.
    pattern="^stalebase ${VERSION//./\\.} \\(allocator: jemalloc [0-9]+\\.[0-9]+\\.[0-9]+\\)\$"
  else
    pattern="^stalebase ${VERSION//./\\.} \\(allocator: system malloc\\)\$"
  fi
  [[ "$OUT" =~ $pattern ]] || fail "version line does not match $pattern"
  expect_err_empty
}

run_case "$@"

#!/usr/bin/env bash
# Issue 13: references BuildKit rejects as written (`Python:3.12`, `alpine::3`,
# a short digest) fail as invalid-reference; `unresolvable` stays a warning for
# what depends on ARG values.
# registry: open
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"

printf 'ARG BASE\nFROM Python:3.12\nFROM alpine::3\nFROM x@sha256:deadbeef\nFROM ${BASE}\n' >Dockerfile
run_check out.json --format json Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' '2 invalid-reference fail' '3 invalid-reference fail' '4 invalid-reference fail' \
  '5 unresolvable warn')" "$(jq -r '.findings[] | "\(.line) \(.kind) \(.level)"' out.json)"
# The ARG-dependent one alone does not fail the run.
printf 'ARG BASE\nFROM ${BASE}\n' >Dockerfile
run_check out.json --format json Dockerfile
expect_exit 0 out.json
echo PASS

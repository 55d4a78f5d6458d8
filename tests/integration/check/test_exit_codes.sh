#!/usr/bin/env bash
# stalebase check's exit codes against the seeded registry: 0 when everything is
# current and pinned (or with --fail-on none), 1 for a newer patch build and
# for a drifted pin, 2 for a malformed Dockerfile among good ones (the others
# still checked and reported) and for a bad configuration or --fail-on.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"

# 0: every reference is the newest of its track and pinned to its tag's digest now.
cat >current.Dockerfile <<EOF
FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)
FROM $R/library/python:3.13.0-slim@$(seed_digest library/python:3.13.0-slim) AS build
FROM $R/library/busybox:1.36.1@$(seed_digest library/busybox:1.36.1)
EOF
run_check out current.Dockerfile
expect_exit 0 out
assert_eq "1 file, 3 references: no findings" "$(cat out)"
assert_eq "" "$(cat out.err)" "nothing on stderr"

# 1: python 3.12.1-slim has a newer patch build, 3.12.7-slim (and a newer
# minor, 3.13.0-slim, which is only info).
echo "FROM $R/library/python:3.12.1-slim" >patch.Dockerfile
run_check out.json --format json patch.Dockerfile
expect_exit 1 out.json
assert_eq $'1 patch-available\n1 minor-available' "$(kinds_of out.json)"
# Unpinned, the fix is the tag alone: its digest is not looked up (null).
assert_eq "3.12.7-slim null true" \
  "$(jq -r '.findings[0] | "\(.suggested.tag) \(.suggested.digest) \(.failing)"' out.json)"
assert_eq '3.13.0-slim false' "$(jq -r '.findings[1] | "\(.suggested.tag) \(.failing)"' out.json)"
assert_eq 1 "$(jq '.summary.exit_code' out.json)"

# 1: debian:bookworm-20240101 pinned at the digest it had before it was rebuilt
# has drifted (and bookworm-20240211 is a newer patch build).
previous=$(KIND=previous seed_digest library/debian:bookworm-20240101)
echo "FROM $R/library/debian:bookworm-20240101@$previous" >drift.Dockerfile
run_check out.json --format json drift.Dockerfile
expect_exit 1 out.json
assert_eq $'1 digest-drift\n1 patch-available' "$(kinds_of out.json)"
assert_eq "$previous" "$(jq -r '.findings[0].current.digest' out.json)"
assert_eq "bookworm-20240101 $(seed_digest library/debian:bookworm-20240101)" \
  "$(jq -r '.findings[0].suggested | "\(.tag) \(.digest)"' out.json)" "the drift's fix"
# Drift alone (the floating bookworm pinned at that old digest) fails too ...
echo "FROM $R/library/debian:bookworm@$previous" >drift-only.Dockerfile
run_check out.json --format json drift-only.Dockerfile
expect_exit 1 out.json
assert_eq '1 digest-drift' "$(kinds_of out.json)"
# ... unless the policy leaves digest drift out.
run_check out.json --format json --fail-on patch drift-only.Dockerfile
expect_exit 0 out.json
assert_eq '1 digest-drift false' "$(jq -r '.findings[] | "\(.line) \(.kind) \(.failing)"' out.json)"

# 0: --fail-on none reports the same findings and fails on none of them.
run_check out.json --format json --fail-on none patch.Dockerfile drift.Dockerfile
expect_exit 0 out.json
assert_eq '[false,false,false,false]' "$(jq -c '[.findings[].failing]' out.json)"
assert_eq '0 0' "$(jq -r '.summary | "\(.failing) \(.exit_code)"' out.json)"

# 2: a malformed Dockerfile among good ones; the good ones are still checked and
# reported, the bad one is named on stderr and in file_errors.
mkdir tree
cp patch.Dockerfile tree/a.Dockerfile
printf 'FROM %s/library/alpine:3.20.0\nRUN <<EOF\necho unterminated\n' "$R" >tree/b.Dockerfile
echo "FROM $R/library/alpine:3.19.0" >tree/c.Dockerfile
run_check out.json --format json tree
expect_exit 2 out.json
assert_eq "$(printf '%s\n' 'tree/a.Dockerfile patch-available' 'tree/a.Dockerfile minor-available' \
  'tree/c.Dockerfile patch-available' 'tree/c.Dockerfile minor-available')" \
  "$(jq -r '.findings[] | "\(.file) \(.kind)"' out.json)" "the good files' findings"
assert_eq '[{"column":1,"file":"tree/b.Dockerfile","line":2,"message":"unterminated heredoc: no line \"EOF\" ends it before the end of the file"}]' \
  "$(jq -c '.file_errors' out.json)"
assert_eq '3 1 2' "$(jq -r '.summary | "\(.files) \(.file_errors) \(.exit_code)"' out.json)"
assert_eq $'tree/b.Dockerfile:2:1: error: unterminated heredoc: no line "EOF" ends it before the end of the file\n  RUN <<EOF\n  ^' \
  "$(cat out.json.err)"
# The table says so in its summary; the file error's 2 beats the failing findings' 1.
run_check out tree
expect_exit 2 out
assert_eq "3 files, 2 references: 2 fail (2 patch-available), 2 info; 1 file with errors" \
  "$(tail -n 1 out)"

# 2: a bad configuration stops the run before any look-up; nothing on stdout.
printf 'fail_on: patch\n' >bad.yaml
run_check out --config bad.yaml current.Dockerfile
expect_exit 2 out
assert_eq "" "$(cat out)"
assert_eq 'bad.yaml:1:1: error: unknown key "fail_on", did you mean "fail-on"?' "$(cat out.err)"
printf 'fail-on: [pach]\n' >bad.yaml
run_check out --config bad.yaml current.Dockerfile
expect_exit 2 out
assert_eq 'bad.yaml:1:11: error: invalid "fail-on": unknown kind or level "pach", did you mean "patch"?' \
  "$(cat out.err)"
run_check out --config missing.yaml current.Dockerfile
expect_exit 2 out
assert_eq 'missing.yaml: error: cannot read the file: No such file or directory' "$(cat out.err)"
# A bad --fail-on flag is a usage error too.
run_check out --fail-on pach current.Dockerfile
expect_exit 2 out
assert_eq "" "$(cat out)"
assert_contains "$(cat out.err)" 'invalid --fail-on "pach": unknown kind or level "pach", did you mean "patch"?'
echo PASS

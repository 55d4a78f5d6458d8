#!/usr/bin/env bash
# Ignores end to end: a configuration `ignore` entry whose `until` has passed
# warns on stderr and its findings are reported again; a live one (and one with
# no `until`) hides its findings from the report and the exit code; an inline
# `# stalebase:ignore=patch reason` above a FROM hides only that kind for that
# instruction; a mistyped inline comment is an error (exit 2).
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"

cat >Dockerfile <<EOF
FROM $R/library/python:3.12.1-slim AS build
FROM $R/library/alpine:3.19.0
FROM $R/windows/servercore:10.0.14393.321
EOF
# Without ignores: three patches fail.
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 1 out.json
all=$(printf '%s\n' '1 patch-available' '1 minor-available' '2 patch-available' '2 minor-available' \
  '3 patch-available' '3 major-available')
assert_eq "$all" "$(kinds_of out.json)"

# An expired ignore: a warning naming the file, line, image, reason and date;
# the findings are back. A live one hides alpine's patch; one with no `until`
# hides every kind of the Windows image.
cat >.stalebase.yaml <<EOF
ignore:
  - image: $R/library/python
    tag: "3.12*"
    kinds: [patch]
    reason: the 3.13 migration replaces it
    until: 2020-01-31
  - image: $R/library/alpine
    kinds: patch-available
    reason: waiting for the vendor
    until: 2999-12-31
  - image: "$R/windows/*"
    reason: pinned by the Windows team
EOF
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' '1 patch-available' '1 minor-available' '2 minor-available')" "$(kinds_of out.json)"
assert_eq 1 "$(jq '.summary.failing' out.json)" "only python's patch fails"
assert_eq "stalebase: warning: $TEST_TMPDIR/.stalebase.yaml:2: ignore for \"$R/library/python\" tag \"3.12*\" (\"the 3.13 migration replaces it\") lapsed on 2020-01-31; its findings are reported again" \
  "$(grep -v '^stalebase: info:' out.json.err)"

# The lapsed entry extended: python's patch is hidden too, so nothing fails.
sed -i 's/until: 2020-01-31/until: 2999-01-31/' .stalebase.yaml
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 0 out.json
assert_eq "$(printf '%s\n' '1 minor-available' '2 minor-available')" "$(kinds_of out.json)"
assert_eq "" "$(grep 'warning' out.json.err || true)" "no warning for live ignores"

# Inline ignores, without the configuration: patch hidden for python only (the
# minor stays), every kind for the Windows image, with a blank line and another
# comment between the ignore and its instruction.
: >.stalebase.yaml # empty: the defaults
cat >Dockerfile <<EOF
# stalebase:ignore=patch the 3.13 migration replaces it
FROM $R/library/python:3.12.1-slim AS build
FROM $R/library/alpine:3.19.0
# stalebase:ignore pinned by the Windows team

# (the Windows base)
FROM $R/windows/servercore:10.0.14393.321
EOF
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' '2 minor-available' '3 patch-available' '3 minor-available')" "$(kinds_of out.json)"
# Several kinds, short names and long.
sed -i 's/^# stalebase:ignore=patch /# stalebase:ignore=patch,minor-available /' Dockerfile
sed -i "s|^FROM $R/library/alpine:3.19.0|# stalebase:ignore=patch-available,minor\n&|" Dockerfile
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 0 out.json
assert_eq '' "$(kinds_of out.json)"
assert_eq '1 file, 3 references: no findings' "$("$STALEBASE_BIN" check --cache-dir cache --platform linux/amd64 Dockerfile)"

# A mistyped inline comment: an error with its place, the file not checked.
printf '# stalebase:ignor=patch typo\nFROM %s/library/python:3.12.1-slim\n' "$R" >typo.Dockerfile
run_check out.json --format json typo.Dockerfile Dockerfile
expect_exit 2 out.json
assert_eq 'typo.Dockerfile:1:3: error: unknown stalebase comment "stalebase:ignor", did you mean "stalebase:ignore"?' \
  "$(cat out.json.err)"
assert_eq '[{"column":3,"file":"typo.Dockerfile","line":1,"message":"unknown stalebase comment \"stalebase:ignor\", did you mean \"stalebase:ignore\"?"}]' \
  "$(jq -c '.file_errors' out.json)"
assert_eq '[]' "$(jq -c '.findings' out.json)"
echo PASS

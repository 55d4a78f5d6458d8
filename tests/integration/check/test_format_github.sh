#!/usr/bin/env bash
# `check --format github`: the exact workflow-command lines for a small case,
# one per reference with its findings together, by its most severe level
# (::error for failing findings, ::warning, ::notice), with
# file/line/col/endLine/endColumn, the title escaping ":" (and "%" as %25), each
# fix with its full digest after %0A, then file errors and one ::error for the
# references not checked; with GITHUB_STEP_SUMMARY set the Markdown report is
# appended to it.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
E=${R/:/%3A} # the host as a property value
cd "$TEST_TMPDIR"
long() { echo "${1:0:19}…"; }  # sha256: and 12 hex digits

previous=$(KIND=previous seed_digest library/busybox:1.36)
mkdir ci
cat >ci/Dockerfile <<EOF
FROM $R/library/python:3.12.1-slim AS build
FROM $R/library/busybox:1.36@$previous
COPY --from=$R/library/alpine /etc/os-release /tmp/
RUN --mount=from=$R/library/nothere:1.0,target=/x true
FROM \${NOPE:-bad%name}
EOF
printf 'FROM a\nFROM b c\n' >ci/bad.Dockerfile
run_check out --format github --platform linux/amd64 ci
expect_exit 2 out
expected=(
  "::error file=ci/Dockerfile,line=1,col=6,endLine=1,endColumn=$((6 + ${#R} + 27)),title=patch-available%2C minor-available%3A $E/library/python%3A3.12.1-slim::patch-available: newer patch build 3.12.7-slim in the same track%0Afix: 3.12.1-slim → 3.12.7-slim%0Aminor-available: newer minor version 3.13.0-slim in the same track%0Afix: 3.12.1-slim → 3.13.0-slim"
  "::error file=ci/Dockerfile,line=2,col=6,endLine=2,endColumn=$((6 + ${#R} + 93)),title=digest-drift%3A $E/library/busybox%3A1.36@sha256%3A${previous:7:8}…::pinned digest $(long "$previous") is no longer what 1.36 points at (now $(long "$(seed_digest library/busybox:1.36)"))%0Afix: $(seed_digest library/busybox:1.36)"
  "::warning file=ci/Dockerfile,line=3,col=13,endLine=3,endColumn=$((13 + ${#R} + 15)),title=unpinned%3A $E/library/alpine::no tag or digest: \"latest\" is used, and it moves%0Afix: $(seed_digest library/alpine:latest)"
  "::warning file=ci/Dockerfile,line=5,col=6,endLine=5,endColumn=23,title=unresolvable%3A \${NOPE%3A-bad%25name}::expands to \"bad%25name\", which is not a valid reference: invalid repository name component \"bad%25name\": expected lowercase letters and digits joined by \".\", \"_\", \"__\" or \"-\" (ARGs involved: NOPE; set them with --build-arg)"
  "::error file=ci/bad.Dockerfile,line=2,col=1,title=Dockerfile error::FROM requires either one or three arguments"
  "::error title=1 reference not checked::$R/library/nothere:1.0: not-found: repository not found or unauthorized"
)
assert_eq "$(printf '%s\n' "${expected[@]}")" "$(cat out)"

# In a GitHub Actions step: the Markdown report is appended to the step summary,
# after what is there.
echo '# earlier step' >summary.md
GITHUB_STEP_SUMMARY=$TEST_TMPDIR/summary.md run_check out --format github --platform linux/amd64 ci
expect_exit 2 out
run_check expected.md --format markdown --platform linux/amd64 ci
assert_eq "$(printf '# earlier step\n%s' "$(cat expected.md)")" "$(cat summary.md)"

# Nothing to say: no lines at all.
echo "FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)" >clean.Dockerfile
run_check out --format github clean.Dockerfile
expect_exit 0 out
assert_eq 0 "$(wc -c <out | tr -d ' ')" "bytes printed for a clean run"

# A finding the policy does not fail is a warning at most, whatever its kind;
# one it fails is an error, whatever its level.
run_check out --format github --platform linux/amd64 --fail-on minor ci/Dockerfile
expect_exit 1 out
assert_eq "$(printf '%s\n' '::error file=ci/Dockerfile,line=1' \
  '::warning file=ci/Dockerfile,line=2' '::warning file=ci/Dockerfile,line=3' \
  '::warning file=ci/Dockerfile,line=5' '::error title=1 reference not checked')" \
  "$(sed -E 's/^(::[a-z]+ (file=[^,]*,line=[0-9]+|title=1 reference not checked)).*/\1/' out)"

# A reference on a continuation line: the annotation is on the reference's own
# line and columns, not on the instruction's first line.
mkdir cont
printf 'FROM --platform=linux/amd64 \\\n    %s/library/python:3.12.1-slim AS build\n' "$R" >cont/Dockerfile
run_check out --format github --platform linux/amd64 cont
expect_exit 1 out
assert_eq "$(printf '%s\n' \
  "::error file=cont/Dockerfile,line=2,col=5,endLine=2,endColumn=$((5 + ${#R} + 27)),")" \
  "$(sed -E 's/^(::[a-z]+ file=[^,]*,line=[^,]*,col=[^,]*,endLine=[^,]*,endColumn=[^,]*,).*/\1/' out)"
echo PASS

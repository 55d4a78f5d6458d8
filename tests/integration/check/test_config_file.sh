#!/usr/bin/env bash
# .stalebase.yaml end to end: found by walking up from the current folder (run
# from a subfolder), `registries` mirror (plain docker.io names go to the fixture
# through a proxy), `build-args`, `fail-on`, `rules` (max-level patch: no minor
# or major findings), `platforms`, flags beating the file, and --config. The
# files' mirrors are only honoured because this test trusts them
# (STALEBASE_TRUST_REPO_CONFIG=1): without that, docker.io would be Docker Hub.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
export STALEBASE_TRUST_REPO_CONFIG=1
cd "$TEST_TMPDIR"
start_proxy

mkdir -p repo/services/api repo/deep/er
cat >repo/services/api/Dockerfile <<'EOF'
ARG PY
FROM ${PY} AS build
FROM mcr.example.test/windows/servercore:10.0.14393.321
FROM alpine:3.19.0
EOF
cat >repo/.stalebase.yaml <<EOF
fail-on: [minor]
platforms: [linux/amd64]
build-args:
  PY: python:3.12.1-slim
registries:
  docker.io:
    mirror: $PROXY_URL
  mcr.example.test:
    mirror: $TEST_REGISTRY_URL
rules:
  - image: mcr.example.test/windows/*
    max-level: patch
  - image: alpine
    max-level: patch
EOF

# From a subfolder two levels down, the file two levels up is found.
cd repo/deep/er
run_check out.json --format json ../../services/api/Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' \
  '2 ${PY} docker.io/library/python:3.12.1-slim patch-available 3.12.7-slim warn false' \
  '2 ${PY} docker.io/library/python:3.12.1-slim minor-available 3.13.0-slim fail true' \
  '3 mcr.example.test/windows/servercore:10.0.14393.321 mcr.example.test/windows/servercore:10.0.14393.321 patch-available 10.0.14393.693 warn false' \
  '4 alpine:3.19.0 docker.io/library/alpine:3.19.0 patch-available 3.19.1 warn false')" \
  "$(jq -r '.findings[] | "\(.line) \(.reference) \(.canonical) \(.kind) \(.suggested.tag) \(.level) \(.failing)"' out.json)" \
  "build-args, mirrors, rules (no Windows major, no alpine minor) and fail-on [minor] (levels as the policy makes them)"
# Unpinned references: the fixes are tags alone, their digests not looked up.
assert_eq 'null null' "$(jq -r '"\(.findings[0].suggested.digest) \(.findings[2].suggested.digest)"' out.json)"
assert_eq '["linux/amd64"]' "$(jq -c '[.findings[].platform] | unique' out.json)" "platforms from the file"
# docker.io images went to the mirror (the proxy), mcr.example.test's straight to the fixture.
[[ $(count_requests "$PROXY_LOG" '^main GET /v2/library/python/tags/list') -eq 1 ]] ||
  fail "the docker.io mirror was not asked for python: $(cat "$PROXY_LOG")"
assert_eq 0 "$(count_requests "$PROXY_LOG" '/v2/windows/')" "the Windows image went through the proxy"

# Flags beat the file: --fail-on, --build-arg, --platform.
run_check out.json --format json --fail-on none --build-arg PY=python:3.13.0-slim \
  --platform linux/arm64 ../../services/api/Dockerfile
expect_exit 0 out.json
assert_eq "$(printf '%s\n' '3 patch-available linux/arm64' '4 patch-available linux/arm64')" \
  "$(jq -r '.findings[] | "\(.line) \(.kind) \(.platform)"' out.json)"
assert_eq '["docker.io/library/alpine:3.19.0","docker.io/library/python:3.13.0-slim","mcr.example.test/windows/servercore:10.0.14393.321"]' \
  "$(jq -c '.references' out.json)"

# Without a file up the tree (run from the test folder with --config naming
# another): the defaults, so the Windows major and the alpine minor are back
# and only the patches fail.
cd "$TEST_TMPDIR"
cat >other.yaml <<EOF
build-args: {PY: "python:3.12.7-slim"}
registries:
  docker.io: {mirror: "$TEST_REGISTRY_URL"}
  mcr.example.test: {mirror: "$TEST_REGISTRY_URL"}
EOF
run_check out.json --format json --config other.yaml --platform linux/amd64 repo/services/api/Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' '2 minor-available info false' '3 patch-available fail true' '3 major-available info false' \
  '4 patch-available fail true' '4 minor-available info false')" \
  "$(jq -r '.findings[] | "\(.line) \(.kind) \(.level) \(.failing)"' out.json)"

# The empty configuration of the test folder (helpers.sh): docker.io is not
# mirrored, and only --registry-mirror keeps a plain name off Docker Hub.
mkdir -p plain
echo 'FROM python:3.12.1-slim' >plain/Dockerfile
cd plain
run_check out.json --format json --registry-mirror "docker.io=$PROXY_URL" --platform linux/amd64 Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' 'python:3.12.1-slim docker.io/library/python:3.12.1-slim patch-available' \
  'python:3.12.1-slim docker.io/library/python:3.12.1-slim minor-available')" \
  "$(jq -r '.findings[] | "\(.reference) \(.canonical) \(.kind)"' out.json)"
echo PASS

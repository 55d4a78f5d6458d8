#!/usr/bin/env bash
# End-to-end tests of `stalebase refs` (offline).
source "$(dirname "$0")/lib.sh"

test_examples_table() {
  run refs "$SOURCE_DIR/examples/webapp"
  expect_code 0
  expect_out_has "examples/webapp/Dockerfile"
  expect_out_has "docker.io/docker/dockerfile:1.7"
  expect_out_has "docker.io/library/golang:1.22.1-bookworm"
  expect_out_has "gcr.io/distroless/static-debian12:nonroot"
  expect_out_has 'build stage "build"'
  expect_out_has "docker.io/library/busybox:1.36.1"
  expect_err_empty
}

test_json_schema() {
  run refs --format json "$SOURCE_DIR/examples/python-arg/Dockerfile"
  expect_code 0
  [ "$(jq_out '.schema_version')" = 1 ] || fail "schema_version"
  [ "$(jq_out '.references | length')" = 2 ] || fail "two references (the heredoc FROM is text)"
  [ "$(jq_out '.references[0].canonical')" = "docker.io/library/python:3.12.1-slim" ] || fail "canonical"
  [ "$(jq_out '.references[0].raw')" = '${PYTHON}' ] || fail "raw"
  [ "$(jq_out '.references[0].args | join(",")')" = "PYTHON" ] || fail "args"
  [ "$(jq_out '.references[0].value_spans[0].line')" = 2 ] || fail "value comes from the ARG line"
  [ "$(jq_out '.references[0].line')" = 5 ] || fail "line"
  [ "$(jq_out '.references[0].column')" = 6 ] || fail "column"
  [ "$(jq_out '.references[0].end_column')" = 15 ] || fail "end_column"
  [ "$(jq_out '.references[1].instruction')" = "run-mount" ] || fail "run-mount"
  [ "$(jq_out '.references[1].tag')" = "0.4.18" ] || fail "tag"
  [ "$(jq_out '.references[1].registry')" = "ghcr.io" ] || fail "registry"
  [ "$(jq_out '.errors | length')" = 0 ] || fail "no errors"
}

# Folders are walked with the .gitignore files found in them; .dockerignore is
# not used; a file named on the command line is read even when ignored.
test_gitignore() {
  local repo=$WORK/repo
  mkdir -p "$repo/vendor" "$repo/app/build" "$repo/svc"
  printf 'FROM alpine:3.20\n' >"$repo/Dockerfile"
  printf 'FROM vendored:1\n' >"$repo/vendor/Dockerfile"
  printf 'FROM generated:1\n' >"$repo/app/x.generated.Dockerfile"
  printf 'FROM kept:1\n' >"$repo/app/keep.generated.Dockerfile"
  printf 'FROM build:1\n' >"$repo/app/build/Dockerfile"
  printf 'FROM svc:1\n' >"$repo/svc/Dockerfile.dev"
  printf '# generated files\nvendor/\n*.generated.Dockerfile\n!keep.generated.Dockerfile\n/build/\n' \
    >"$repo/.gitignore"
  printf 'Dockerfile.*\n' >"$repo/svc/.gitignore"
  printf '*\n' >"$repo/.dockerignore"
  cd "$repo" || return
  run refs --format json
  expect_code 0
  [ "$(jq_out '[.references[].file] | join(" ")')" = \
    "Dockerfile app/build/Dockerfile app/keep.generated.Dockerfile" ] ||
    fail "the files walked"
  run refs --format json vendor/Dockerfile svc
  expect_code 0
  [ "$(jq_out '[.references[].file] | join(" ")')" = "vendor/Dockerfile" ] ||
    fail "an ignored file named on the command line"
  cd - >/dev/null || return
}

test_build_arg_and_platform() {
  run_stdin $'ARG TAG=3.19\nFROM --platform=$TARGETPLATFORM alpine:${TAG}-${TARGETARCH}\n' \
    refs --format json --build-arg TAG=3.20 --platform linux/arm64 -
  expect_code 0
  [ "$(jq_out '.references[0].expanded')" = "alpine:3.20-arm64" ] || fail "expanded"
  [ "$(jq_out '.references[0].platform')" = "linux/arm64" ] || fail "platform"
  [ "$(jq_out '.references[0].file')" = "-" ] || fail "stdin file name"
}

test_unresolved() {
  run_stdin $'ARG IMAGE\nFROM ${IMAGE}\n' refs -
  expect_code 0
  expect_out_has 'unresolved: "${IMAGE}" expands to an empty name (ARGs involved: IMAGE; set them with --build-arg)'
}

test_syntax_error_with_caret() {
  printf 'FROM alpine\nFROM a AS 1bad\n' >"$WORK/Dockerfile"
  run refs "$WORK/Dockerfile"
  expect_code 2
  expect_err_has "$WORK/Dockerfile:2:11: error: invalid name for build stage: \"1bad\", name can't start with a number or contain symbols"
  expect_err_has "  FROM a AS 1bad"
  expect_err_has "            ^"
}

test_one_bad_file_among_many() {
  mkdir -p "$WORK/a" "$WORK/b"
  printf 'FROM alpine:3.20\n' >"$WORK/a/Dockerfile"
  printf 'FROM alpine\nRUN <<EOF\necho\n' >"$WORK/b/Dockerfile"
  printf 'FROM debian:12\n' >"$WORK/c.Dockerfile"
  run refs "$WORK"
  expect_code 2
  expect_out_has "docker.io/library/alpine:3.20"
  expect_out_has "docker.io/library/debian:12"
  expect_err_has "$WORK/b/Dockerfile:2:"
  expect_err_has "error: "
}

test_binary_file() {
  printf 'FROM alpine\n\x00\x01\x02\xff' >"$WORK/Dockerfile"
  run refs "$WORK/Dockerfile"
  expect_code 2
  expect_err_has "$WORK/Dockerfile:2:1: error: "
  [ "$(wc -l <<<"$ERR")" -eq 1 ] || fail "a one-line error without the binary line"
}

test_utf16_file() {
  printf '\xff\xfeF\x00R\x00O\x00M\x00' >"$WORK/Dockerfile"
  run refs "$WORK/Dockerfile"
  expect_code 2
  expect_err_has "$WORK/Dockerfile"
  expect_err_has "UTF-16"
}

test_unreadable_file() {
  printf 'FROM alpine\n' >"$WORK/Dockerfile"
  chmod 000 "$WORK/Dockerfile"
  if [ "$(id -u)" -eq 0 ]; then
    # root reads anything: read as an unprivileged user instead.
    chmod 755 "$WORK"
    OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$STALEBASE" refs "$WORK/Dockerfile" 2>"$WORK/stderr.txt")
    CODE=$?
    ERR=$(cat "$WORK/stderr.txt")
  else
    run refs "$WORK/Dockerfile"
  fi
  expect_code 2
  expect_err_has "$WORK/Dockerfile: error: cannot read file: Permission denied"
  run refs "$WORK/missing"
  expect_code 2
  expect_err_has "stalebase: error: no such file or folder: \"$WORK/missing\""
}

test_long_line() {
  { printf 'FROM alpine\nRUN '; head -c 70000 /dev/zero | tr '\0' 'a'; printf '\n'; } >"$WORK/Dockerfile"
  run refs "$WORK/Dockerfile"
  expect_code 2
  expect_err_has "$WORK/Dockerfile:2:"
  expect_err_has "error: dockerfile line greater than max allowed size of 65535"
}

test_usage_errors() {
  run refs --format yaml
  expect_code 2
  run refs --build-arg NOVALUE "$SOURCE_DIR/examples"
  expect_code 2
  expect_err_has 'stalebase: error: invalid --build-arg "NOVALUE": expected NAME=VALUE'
  run refs --platform linux "$SOURCE_DIR/examples"
  expect_code 2
  expect_err_has 'stalebase: error: invalid platform "linux": expected os/arch[/variant]'
  run frobnicate
  expect_code 2
}

test_deterministic() {
  run refs --format json "$SOURCE_DIR/examples"
  local first=$OUT
  run refs --format json "$SOURCE_DIR/examples"
  [ "$first" = "$OUT" ] || fail "two runs differ"
  expect_code 0
}

run_case "$@"

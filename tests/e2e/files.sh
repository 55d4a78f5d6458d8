#!/usr/bin/env bash
# Hostile and odd input files (issue 12): only regular files are read, up to a size limit; a
# symlink found in a folder is read only when its target is inside the folder.
source "$(dirname "$0")/lib.sh"

test_fifo() {
  mkfifo "$WORK/Dockerfile"
  # The deadline only guards against the old behaviour (blocking for ever).
  OUT=$(timeout 20 "$STALEBASE" refs "$WORK/Dockerfile" 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
  expect_code 2
  expect_err_has "$WORK/Dockerfile: error: cannot read file: not a regular file"
}

# A repository's own .stalebase.yaml and .gitignore are as hostile as its Dockerfiles: a named
# pipe there is refused at once, never waited on.
test_fifo_in_repository() {
  mkdir -p "$WORK/repo/app"
  printf 'FROM scratch\n' >"$WORK/repo/app/Dockerfile"
  mkfifo "$WORK/repo/.gitignore"
  OUT=$(timeout 20 "$STALEBASE" refs "$WORK/repo" 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
  expect_code 0
  expect_out_has "scratch"
  rm "$WORK/repo/.gitignore"
  mkfifo "$WORK/repo/.stalebase.yaml"
  OUT=$(cd "$WORK/repo" && timeout 20 "$STALEBASE" check --no-cache . 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
  expect_code 2
  expect_err_has "$WORK/repo/.stalebase.yaml: error: cannot read the file: not a regular file"
}

test_device() {
  run refs /dev/zero
  expect_code 2
  expect_err_has "/dev/zero: error: cannot read file: not a regular file"
}

test_too_large() {
  { printf 'FROM alpine\n'; head -c 4194304 /dev/zero | tr '\0' '\n'; } >"$WORK/Dockerfile"
  run refs "$WORK/Dockerfile"
  expect_code 2
  expect_err_has "$WORK/Dockerfile: error: cannot read file: larger than 4194304 bytes"
  OUT=$(head -c 5000000 /dev/zero | "$STALEBASE" refs - 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
  expect_code 2
  expect_err_has "-: error: cannot read file: larger than 4194304 bytes"
  # 4 MiB exactly are read.
  head -c 4194292 /dev/zero | tr '\0' '\n' >>"$WORK/small"
  printf 'FROM alpine\n' >>"$WORK/small"
  run refs --format json "$WORK/small"
  expect_code 0
  [ "$(jq_out ".references[0].expanded")" = "alpine" ] || fail "the 4 MiB file was not read"
}

test_stdin() {
  run_stdin $'FROM alpine:3.19\n' refs -
  expect_code 0
  expect_out_has "alpine:3.19"
}

test_symlinks() {
  mkdir -p "$WORK/tree/app" "$WORK/outside"
  printf 'FROM outside\n' >"$WORK/outside/Dockerfile"
  ln -s ../../outside/Dockerfile "$WORK/tree/app/Dockerfile"
  ln -s /etc/passwd "$WORK/tree/Containerfile"
  printf 'FROM inner\n' >"$WORK/tree/Dockerfile.inner"
  ln -s Dockerfile.inner "$WORK/tree/Dockerfile"
  ln -s app "$WORK/tree/Dockerfile.prod"
  run refs "$WORK/tree"
  expect_code 0
  expect_err_has "stalebase: warning: skipping \"$WORK/tree/app/Dockerfile\": a symbolic link to a file outside \"$WORK/tree\""
  expect_err_has "stalebase: warning: skipping \"$WORK/tree/Containerfile\": a symbolic link to a file outside \"$WORK/tree\""
  expect_out_lacks "outside"
  expect_out_lacks "root"
  # The symlink and its target are one file: read once, under the target's name.
  [ "$(grep -c 'docker.io/library/inner' <<<"$OUT")" -eq 1 ] || fail "inner read twice or never"
  expect_out_has "$WORK/tree/Dockerfile.inner"
  # A symlink the user names is the user's choice.
  run refs "$WORK/tree/app/Dockerfile"
  expect_code 0
  expect_out_has "docker.io/library/outside"
}

test_empty_folder() {
  mkdir -p "$WORK/empty/sub"
  printf 'FROM alpine\n' >"$WORK/empty/sub/notes.txt"
  for command in refs check pin update; do
    run "$command" "$WORK/empty"
    expect_code 0
    expect_err_has "stalebase: warning: no Dockerfiles found in \"$WORK/empty\""
  done
}

test_control_characters_in_names() {
  mkdir -p "$WORK/tree"
  printf 'FROM alpine\n' >"$WORK/tree/Dockerfile."$'\e[2J\n::error::pwned'
  printf 'FROM\n' >"$WORK/tree/Dockerfile."$'\r\e[31mbad'
  run refs "$WORK/tree"
  expect_code 2
  expect_out_has "$WORK/tree/Dockerfile."'\e[2J\n::error::pwned'
  expect_err_has "$WORK/tree/Dockerfile."'\r\e[31mbad:1:1: error: FROM requires either one or three arguments'
  ! grep -q $'[\e\r]' <<<"$OUT$ERR" || fail "a raw control character was printed"
  ! grep -q '^::error::pwned' <<<"$OUT$ERR" || fail "a file name started a line"
}

test_file_name_not_utf8() {
  mkdir -p "$WORK/tree"
  printf 'FROM alpine\n' >"$WORK/tree/Dockerfile."$'\xff'
  run refs --format json "$WORK/tree"
  expect_code 0
  [ "$(jq_out '.references[0].file')" = "$WORK/tree/Dockerfile.\\xff" ] || fail "file name"
  run refs --format json "$WORK/tree/Dockerfile."$'\xff'
  expect_code 0
  [ "$(jq_out '.references[0].file')" = "$WORK/tree/Dockerfile.\\xff" ] || fail "named file"
}

test_discovery_names() {
  mkdir -p "$WORK/tree/lower" "$WORK/tree/docs"
  for name in Dockerfile-dev Dockerfile_prod lower/dockerfile app.containerfile \
    Containerfile.arm64; do
    printf 'FROM alpine\n' >"$WORK/tree/$name"
  done
  for name in docs/Dockerfile.md Dockerfile.dockerignore Dockerfile.j2 Dockerfile~; do
    printf '# not a Dockerfile\n' >"$WORK/tree/$name"
  done
  run refs --format json "$WORK/tree"
  expect_code 0
  local files
  files=$(jq_out '[.references[].file] | map(ltrimstr("'"$WORK"'/tree/")) | join(" ")')
  [ "$files" = "Containerfile.arm64 Dockerfile-dev Dockerfile_prod app.containerfile lower/dockerfile" ] ||
    fail "found: $files"
}

run_case "$@"

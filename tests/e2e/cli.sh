#!/usr/bin/env bash
# The command line as users type it (issues 13 and 14): global flags before or after the
# command, and "did you mean" for a mistyped command or option.
source "$(dirname "$0")/lib.sh"

# A folder with a configuration file and no Dockerfile: `check` needs no registry, warns that
# it found nothing, and says at -v which configuration it read.
make_folder() {
  mkdir -p "$WORK/project"
  printf 'fail-on: none\n' >"$WORK/project/.stalebase.yaml"
  cd "$WORK/project" || exit 1
}

test_global_flags_after_the_command() {
  make_folder
  local debug='stalebase: debug: configuration from '"$WORK/project/.stalebase.yaml"
  local warning='stalebase: warning: no Dockerfiles found in "."'
  for args in "check -v ." "-v check ." "check . -v" "update -v ." "pin --verbose ."; do
    # shellcheck disable=SC2086
    run $args
    expect_code 0
    expect_err_has "$debug"
  done
  for args in "check -q ." "-q check ." "check --quiet ." "refs -q ."; do
    # shellcheck disable=SC2086
    run $args
    expect_code 0
    expect_err_empty
  done
  run check --color never .
  expect_code 0
  expect_err_has "$warning"
  run check --color=always -q .
  expect_code 0
  run check --color sometimes .
  expect_code 2
}

test_help_lists_global_flags() {
  for command in refs resolve tags check pin update; do
    run "$command" --help
    expect_code 0
    expect_out_has "Global options:"
    expect_out_has "-v,--verbose"
    expect_out_has "-q,--quiet"
    expect_out_has "--color TEXT:{auto,always,never}"
  done
}

test_did_you_mean() {
  make_folder
  run chek .
  expect_code 2
  [ "$ERR" = 'stalebase: error: unknown command "chek", did you mean "check"?' ] || fail "chek"
  run -v udpate .
  expect_code 2
  [ "$ERR" = 'stalebase: error: unknown command "udpate", did you mean "update"?' ] || fail "udpate"
  run check --formt json .
  expect_code 2
  [ "$ERR" = 'stalebase: error: unknown option "--formt" for check, did you mean "--format"?' ] ||
    fail "--formt"
  run refs --fromat=json .
  expect_code 2
  [ "$ERR" = 'stalebase: error: unknown option "--fromat" for refs, did you mean "--format"?' ] ||
    fail "--fromat"
  run --verbos check .
  expect_code 2
  [ "$ERR" = 'stalebase: error: unknown option "--verbos", did you mean "--verbose"?' ] ||
    fail "--verbos"
  # Nothing close: CLI11's own message.
  run frobnicate
  expect_code 2
  expect_err_has "A subcommand is required"
}

# Every command parses --platform with one parser and rejects an unknown
# operating system with one message (resolve used to accept `linus/amd64` and
# then find no manifest for it).
test_platform_errors_agree() {
  make_folder
  printf 'FROM 127.0.0.1:9/app:1\n' >Dockerfile
  local expected='stalebase: error: unknown operating system "linus" in platform "linus/amd64" (did you mean linux?): expected one of aix, android, darwin, dragonfly, freebsd, hurd, illumos, ios, js, linux, nacl, netbsd, openbsd, plan9, solaris, wasip1, windows, zos'
  for args in "resolve --platform linus/amd64 127.0.0.1:9/app:1" \
    "check --platform linus/amd64 ." "pin --platform linus/amd64 ." \
    "update --platform linus/amd64 ." "refs --platform linus/amd64 ."; do
    # shellcheck disable=SC2086
    run $args
    expect_code 2
    [ "$ERR" = "$expected" ] || fail "$args: $ERR"
  done
}

# A credential variable the configuration names but the environment lacks is a
# configuration error (issue 14): `FILE: error: …`, exit 2, before any look-up; never read
# --offline.
test_credential_variable_unset() {
  make_folder
  printf 'FROM 127.0.0.1:9/app:1\n' >Dockerfile
  printf 'registries:\n  "127.0.0.1:9":\n    username-env: STALEBASE_E2E_UNSET_USER\n    password-env: STALEBASE_E2E_UNSET_PASSWORD\n' \
    >.stalebase.yaml
  unset STALEBASE_E2E_UNSET_USER STALEBASE_E2E_UNSET_PASSWORD
  local expected='.stalebase.yaml: error: registry "127.0.0.1:9": "username-env" names STALEBASE_E2E_UNSET_USER, which is not set'
  for args in "check --trust-repo-config ." "pin --trust-repo-config ." \
    "update --trust-repo-config ." "resolve --trust-repo-config 127.0.0.1:9/app:1" \
    "tags --trust-repo-config 127.0.0.1:9/app"; do
    # shellcheck disable=SC2086
    run $args
    expect_code 2
    [ "${ERR##*/}" = "$expected" ] || fail "$args: $ERR"
  done
  run check --trust-repo-config --offline --cache-dir "$WORK/cache" --format json .
  [ "$CODE" -ne 2 ] || fail "--offline read the credential variables: $ERR"
}

run_case "$@"

#!/usr/bin/env bash
# The manual page (`stalebase manpage`) and the shell completions (`stalebase completion`) are
# rendered from the command-line definition: every command and flag --help shows is in them,
# every environment variable the code reads is in the page, and the bash completion completes
# commands, flags, their values and paths.
source "$(dirname "$0")/lib.sh"

COMMANDS=(refs resolve tags check pin update completion)

# The long flags `stalebase COMMAND --help` lists.
help_flags() {
  "$STALEBASE" "$@" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

test_manpage_has_every_command_and_flag() {
  run manpage
  expect_code 0
  expect_err_empty
  local page=$OUT flag
  for command in "${COMMANDS[@]}"; do
    grep -qF ".SS \"stalebase $command " <<<"$page" || fail "no section for $command"
    for flag in $(help_flags "$command"); do
      grep -qF -- "\\fB${flag//-/\\-}\\fR" <<<"$page" || fail "$command $flag is not in the page"
    done
  done
  for flag in $(help_flags); do
    grep -qF -- "\\fB${flag//-/\\-}\\fR" <<<"$page" || fail "global $flag is not in the page"
  done
  # The hidden command stays hidden.
  "$STALEBASE" --help | grep -q manpage && fail "--help lists manpage"
}

# Every variable the sources read by name (getenv, the env lookups, *_env constants).
test_manpage_names_every_environment_variable() {
  run manpage
  expect_code 0
  local environment variable
  environment=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' <<<"$OUT")
  local variables
  variables=$( (
    grep -rhoP '(?:getenv|\benv|lookup)\(\s*"\K[A-Z][A-Z0-9_]+(?=")' "$SOURCE_DIR/src" "$SOURCE_DIR/include"
    grep -rhzoP 'constexpr[^;]*_env\s*=\s*"\K[A-Z][A-Z0-9_]+' "$SOURCE_DIR/include" "$SOURCE_DIR/src" | tr '\0' '\n'
  ) | sort -u)
  [ -n "$variables" ] || fail "found no variables in the sources"
  for variable in $variables; do
    grep -qw -- "$variable" <<<"$environment" || fail "ENVIRONMENT lacks $variable"
  done
  for variable in DOCKER_CONFIG REGISTRY_AUTH_FILE XDG_CACHE_HOME NO_COLOR; do
    grep -qw -- "$variable" <<<"$variables" || fail "the sources no longer read $variable?"
  done
}

test_completion_scripts() {
  for shell in bash zsh fish; do
    run completion "$shell"
    expect_code 0
    expect_err_empty
    for command in "${COMMANDS[@]}"; do
      expect_out_has "$command"
    done
  done
  run completion zsh
  expect_out_has "'--format=[Output format on standard output]:TEXT:(table json sarif github markdown)'"
  expect_out_has "'--config=[Configuration file (default: .stalebase.yaml found upwards)]:FILE:_files'"
  run completion fish
  expect_out_has "complete -c stalebase -n '__fish_seen_subcommand_from check' -l format -x -a 'table json sarif github markdown'"
  expect_out_has "complete -c stalebase -n '__fish_seen_subcommand_from update' -F"
  run completion tcsh
  expect_code 2
}

# complete WORD...: what the bash completion offers for the command line WORD... (the last word
# is the one being completed), one per line, sorted.
complete_bash() {
  local script
  script=$("$STALEBASE" completion bash) || return 1
  bash -c 'eval "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _stalebase
    printf "%s\n" "${COMPREPLY[@]}"' _ "$script" "$@" | sort
}

test_bash_completion() {
  ERR=""
  OUT=$(complete_bash stalebase ch)
  expect_out_eq "check"
  OUT=$(complete_bash stalebase "")
  for command in "${COMMANDS[@]}"; do
    expect_out_has "$command"
  done
  expect_out_lacks "manpage"
  OUT=$(complete_bash stalebase check --format "")
  expect_out_eq "$(printf '%s\n' github json markdown sarif table)"
  OUT=$(complete_bash stalebase check --format = j)
  expect_out_eq "json"
  OUT=$(complete_bash stalebase refs --format "")
  expect_out_eq "$(printf '%s\n' json table)"
  OUT=$(complete_bash stalebase update --level m)
  expect_out_eq "$(printf '%s\n' major minor)"
  OUT=$(complete_bash stalebase --color a)
  expect_out_eq "$(printf '%s\n' always auto)"
  OUT=$(complete_bash stalebase check --fail-on digest,unp)
  expect_out_eq "digest,unpinned"
  OUT=$(complete_bash stalebase check --cache-)
  expect_out_eq "$(printf '%s\n' --cache-dir --cache-ttl)"
  OUT=$(complete_bash stalebase completion "")
  expect_out_eq "$(printf '%s\n' bash fish zsh)"
  mkdir -p "$WORK/tree/sub"
  touch "$WORK/tree/Dockerfile"
  OUT=$(complete_bash stalebase check "$WORK/tree/")
  expect_out_eq "$(printf '%s\n' "$WORK/tree/Dockerfile" "$WORK/tree/sub")"
  OUT=$(complete_bash stalebase check --cache-dir "$WORK/tree/")
  expect_out_eq "$WORK/tree/sub"
  OUT=$(complete_bash stalebase resolve "")
  expect_out_eq ""
}

run_case "$@"

# Helpers for end-to-end tests of the built binary. Each test script sources this file,
# defines test_<name> functions, and ends with `run_case "$@"`.
set -uo pipefail

STALEBASE=${1:?usage: script STALEBASE_BINARY CASE}
CASE=${2:?usage: script STALEBASE_BINARY CASE}
SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stalebase-e2e.XXXXXX")
trap 'chmod -R u+rwX "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
failures=0

# run ARGS...: runs stalebase, capturing $OUT, $ERR and $CODE.
run() {
  OUT=$("$STALEBASE" "$@" 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
}

# run_stdin INPUT ARGS...: the same with INPUT on standard input.
run_stdin() {
  local input=$1
  shift
  OUT=$(printf '%s' "$input" | "$STALEBASE" "$@" 2>"$WORK/stderr")
  CODE=$?
  ERR=$(cat "$WORK/stderr")
}

fail() {
  echo "FAIL: $*" >&2
  echo "--- stdout:" >&2
  printf '%s\n' "$OUT" >&2
  echo "--- stderr:" >&2
  printf '%s\n' "$ERR" >&2
  failures=$((failures + 1))
}

expect_code() { [ "$CODE" -eq "$1" ] || fail "exit code $CODE, expected $1"; }
expect_out_has() { grep -qF -- "$1" <<<"$OUT" || fail "stdout lacks: $1"; }
expect_err_has() { grep -qF -- "$1" <<<"$ERR" || fail "stderr lacks: $1"; }
expect_out_lacks() { ! grep -qF -- "$1" <<<"$OUT" || fail "stdout has: $1"; }
expect_out_eq() { [ "$OUT" = "$1" ] || fail "stdout differs; expected:
$1"; }
expect_err_empty() { [ -z "$ERR" ] || fail "stderr is not empty"; }

# jq_out FILTER: evaluates a jq filter on $OUT (jq must be installed; a missing jq fails).
jq_out() { jq -r "$1" <<<"$OUT"; }

run_case() {
  if ! declare -F "test_$CASE" >/dev/null; then
    echo "no such case: $CASE" >&2
    exit 2
  fi
  "test_$CASE"
  if [ "$failures" -ne 0 ]; then
    echo "$CASE: $failures check(s) failed" >&2
    exit 1
  fi
  echo "$CASE: ok"
}

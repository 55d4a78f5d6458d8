# Helpers for the `stalebase check` end-to-end tests: source it after lib.sh.
#
#   run_check "$TEST_TMPDIR/out" --format json "$TEST_TMPDIR/Dockerfile"
#   assert_eq 1 "$RC"
#
# Every run uses the test's own cache folder unless the arguments name another
# (never the user's cache): run_check adds --cache-dir "$TEST_TMPDIR/cache"
# when neither --cache-dir nor --no-cache is given.

# run_check OUT ARGS…: runs `stalebase check ARGS…` with standard output in OUT
# and standard error in OUT.err; sets RC to its exit code (never fails itself).
run_check() {
  local out=$1
  shift
  local cache=(--cache-dir "$TEST_TMPDIR/cache")
  [[ " $* " == *" --cache-dir "* || " $* " == *" --no-cache "* ]] && cache=()
  RC=0
  "$STALEBASE_BIN" check "${cache[@]}" "$@" >"$out" 2>"$out.err" </dev/null || RC=$?
}

# expect_exit CODE OUT: fails with both outputs when the last run_check did not
# exit CODE.
expect_exit() {
  [[ $RC == "$1" ]] ||
    fail "stalebase check exited $RC, expected $1; stdout: $(cat "$2"); stderr: $(cat "$2.err")"
}

# The user's own configuration (~/.config/stalebase/config.yaml) never applies:
# XDG_CONFIG_HOME points into the test's folder unless lookup.sh already did.
[[ ${XDG_CONFIG_HOME:-} == "$TEST_TMPDIR"/* ]] || export XDG_CONFIG_HOME=$TEST_TMPDIR/xdg-config

# The walk up for .stalebase.yaml stops in the test folder: an empty file there
# (the defaults) keeps a configuration in the source tree above from applying.
: >"$TEST_TMPDIR/.stalebase.yaml"

# kinds_of JSON_FILE: one "line kind" pair per finding, in output order.
kinds_of() {
  jq -r '.findings[] | "\(.line) \(.kind)"' "$1"
}

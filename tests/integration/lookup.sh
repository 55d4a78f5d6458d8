# Helpers for the tests of stalebase's look-up commands (resolve, tags):
# source it after lib.sh.
#
#   source "$STALEBASE_INTEGRATION_DIR/lib.sh"
#   source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
#   run_stalebase resolve "$TEST_REGISTRY_HOST/library/alpine:3.20.0"
#   assert_eq 0 "$RUN_STATUS"; assert_eq "… sha256:…" "$RUN_OUT"
#
# Every credential source stalebase would read (HOME, DOCKER_CONFIG,
# REGISTRY_AUTH_FILE, DOCKER_AUTH_CONFIG, XDG folders) points into the test's
# scratch folder, so nothing of the machine's own leaks in; a test opts in to
# a source by setting that variable itself.

: "${STALEBASE_BIN:?STALEBASE_BIN is not set (run the test through ctest)}"

export HOME=$TEST_TMPDIR/home
export XDG_RUNTIME_DIR=$TEST_TMPDIR/run
export XDG_CONFIG_HOME=$TEST_TMPDIR/home/.config
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME"
unset DOCKER_CONFIG REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG
unset HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy NO_PROXY no_proxy

_run_count=0

# Runs stalebase with ARGS; sets RUN_STATUS, RUN_OUT (stdout) and RUN_ERR
# (stderr), and keeps both in $TEST_TMPDIR/run-N.{out,err}. Never fails by
# itself: the test asserts the status.
run_stalebase() {
  _run_count=$((_run_count + 1))
  local base=$TEST_TMPDIR/run-$_run_count
  RUN_STATUS=0
  "$STALEBASE_BIN" "$@" >"$base.out" 2>"$base.err" </dev/null || RUN_STATUS=$?
  RUN_OUT=$(cat "$base.out")
  RUN_ERR=$(cat "$base.err")
  RUN_OUT_FILE=$base.out
  RUN_ERR_FILE=$base.err
  if grep -qE 'Sanitizer|runtime error:' "$base.err"; then
    fail "stalebase reported a sanitizer error: $RUN_ERR"
  fi
}

# Fails unless the last run_stalebase exited with STATUS; shows its output.
assert_status() {
  [[ $RUN_STATUS == "$1" ]] ||
    fail "${2:-stalebase} exited $RUN_STATUS, expected $1; stdout: $RUN_OUT; stderr: $RUN_ERR"
}

# Prints a field of a JSON file with jq (FILTER as jq, raw output).
json_field() {
  command -v jq >/dev/null || fail "jq is missing (scripts/install-deps.sh installs it)"
  jq -r "$2" "$1"
}

# Writes DIR/config.json with an "auths" entry for HOST holding USER:PASSWORD
# (base64 in "auth", as docker login writes it); prints the file's path.
write_auth_config() {
  local dir=$1 host=$2 user=$3 password=$4
  mkdir -p "$dir"
  printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$host" \
    "$(printf '%s:%s' "$user" "$password" | base64 -w0)" >"$dir/config.json"
  echo "$dir/config.json"
}

# Trades the token registry's user for an OAuth2 refresh token (an identity token) at the
# token server with the password grant; prints it.
user_refresh_token() {
  printf 'grant_type=password&service=%s&client_id=stalebase-tests&username=%s&password=%s&scope=repository:private/app:pull' \
    "$TEST_TOKEN_SERVICE" "$TEST_REGISTRY_USER" "$TEST_REGISTRY_PASSWORD" >"$TEST_TMPDIR/form"
  local answer refresh
  answer=$(tk request -X POST --accept '' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-file "$TEST_TMPDIR/form" "$TEST_TOKEN_URL")
  refresh=$(body_of "$answer" | sed -n 's/.*"refresh_token":"\([^"]*\)".*/\1/p')
  [[ -n $refresh ]] || fail "no refresh_token in: $answer"
  echo "$refresh"
}

# Helpers for integration test scripts: source it first.
#
#   source "$STALEBASE_INTEGRATION_DIR/lib.sh"
#   use_registry open            # sources the fixture's env (TEST_REGISTRY_* ...)
#   start_proxy --fault 'path=/manifests/,status=429,retry-after=1,times=1'
#   tk request --status-only "$PROXY_URL/v2/"
#
# Every helper fails the test (exit 1) with a message on stderr; background
# proxies started here are stopped when the script exits, and stop by
# themselves if the script dies (--exit-with-parent).
set -euo pipefail

: "${STALEBASE_TESTKIT:?STALEBASE_TESTKIT is not set (run the test through ctest)}"
: "${STALEBASE_INTEGRATION_STATE:?STALEBASE_INTEGRATION_STATE is not set (run the test through ctest)}"

# A scratch folder for this test, emptied at the start.
TEST_TMPDIR=$STALEBASE_INTEGRATION_STATE/tmp/$(basename "$0" .sh)
rm -rf "$TEST_TMPDIR"
mkdir -p "$TEST_TMPDIR"

_proxy_pids=()
_cleanup() {
  local pid
  for pid in "${_proxy_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${_proxy_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  # A sanitizer report from a proxy fails the test (the sanitizer build runs
  # this suite too).
  if grep -lE 'Sanitizer|runtime error:' "$TEST_TMPDIR"/proxy-*.out 2>/dev/null; then
    echo "FAIL: a proxy reported a sanitizer error (see the files above)" >&2
    exit 1
  fi
}
trap _cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs the testkit.
tk() {
  "$STALEBASE_TESTKIT" "$@"
}

# Sources the env file of a started fixture (open, basic or token).
use_registry() {
  local env=$STALEBASE_INTEGRATION_STATE/$1/env
  [[ -f $env ]] || fail "the $1 registry is not running: $env is missing (does the test declare '# registry: $1'?)"
  set -a
  # shellcheck disable=SC1090
  source "$env"
  set +a
}

# Prints the digest the seeding recorded for REPO:TAG (kind "tag"), or with a
# PLATFORM the digest of that child ("linux/arm64/v8",
# "windows/amd64:10.0.17763.5458"). KIND=previous gives a rebuilt tag's old one.
seed_digest() {
  local ref=$1 platform=${2:--} kind=${KIND:-tag}
  if [[ $platform != - ]]; then
    case $kind in
    tag) kind=child ;;
    previous) kind=previous-child ;;
    esac
  fi
  local digest
  digest=$(cat "$TEST_REGISTRY_STATE"/seed-*.txt 2>/dev/null |
    awk -v k="$kind" -v r="$ref" -v p="$platform" '$1 == k && $2 == r && $5 == p { print $3; exit }')
  [[ -n $digest ]] || fail "no $kind \"$ref\" ($platform) in $TEST_REGISTRY_STATE/seed-*.txt"
  echo "$digest"
}

# Starts a stalebase_testkit proxy in the background in front of
# $TEST_REGISTRY_URL (pass --upstream to change that) with the given options,
# waits until it listens, and sets PROXY_URL, PROXY_HOST, PROXY_PORT,
# PROXY_OTHER_URL, PROXY_OTHER_PORT, PROXY_CROSS_URL and PROXY_LOG.
start_proxy() {
  local n=${#_proxy_pids[@]}
  local env=$TEST_TMPDIR/proxy-$n.env log=$TEST_TMPDIR/proxy-$n.log
  local upstream=()
  [[ " $* " == *" --upstream "* ]] || upstream=(--upstream "$TEST_REGISTRY_URL")
  "$STALEBASE_TESTKIT" proxy "${upstream[@]}" --log "$log" --env-file "$env" \
    --exit-with-parent --max-lifetime 600 "$@" </dev/null >"$TEST_TMPDIR/proxy-$n.out" 2>&1 &
  _proxy_pids+=($!)
  local i
  for i in $(seq 1 100); do
    [[ -s $env ]] && break
    kill -0 "$!" 2>/dev/null || fail "the proxy did not start: $(cat "$TEST_TMPDIR/proxy-$n.out")"
    sleep 0.05
  done
  [[ -s $env ]] || fail "the proxy did not start in 5 s"
  set -a
  # shellcheck disable=SC1090
  source "$env"
  set +a
  : >"$log"
}

# Stops the proxy started last.
stop_proxy() {
  local pid=${_proxy_pids[-1]}
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Prints how many lines of a request log match an extended regex.
count_requests() {
  local log=$1 pattern=$2
  grep -cE -- "$pattern" "$log" || true
}

assert_eq() {
  [[ $1 == "$2" ]] || fail "${3:-values differ}: expected \"$1\", found \"$2\""
}

assert_ne() {
  [[ $1 != "$2" ]] || fail "${3:-values are equal}: both are \"$1\""
}

# assert_contains TEXT NEEDLE [MESSAGE]
assert_contains() {
  [[ $1 == *"$2"* ]] || fail "${3:-text lacks a part}: \"$2\" not in: $1"
}

assert_not_contains() {
  [[ $1 != *"$2"* ]] || fail "${3:-text has a forbidden part}: \"$2\" in: $1"
}

# assert_match TEXT EXTENDED_REGEX [MESSAGE]
assert_match() {
  [[ $1 =~ $2 ]] || fail "${3:-text does not match}: /$2/ against: $1"
}

# Prints the value of a header from "tk request" output (case-insensitive
# name); empty if absent.
header_of() {
  local response=$1 name=$2
  printf '%s\n' "$response" | awk -v n="$name" '
    BEGIN { n = tolower(n) }
    /^\r?$/ { exit }
    { i = index($0, ":"); if (i > 0 && tolower(substr($0, 1, i - 1)) == n) { v = substr($0, i + 1); sub(/^ /, "", v); print v; exit } }'
}

# Prints the status from "tk request" output.
status_of() {
  printf '%s\n' "$1" | awk 'NR == 1 { print $2; exit }'
}

# Prints the body from "tk request" output.
body_of() {
  printf '%s\n' "$1" | awk 'body { print } /^$/ && !body { body = 1 }'
}

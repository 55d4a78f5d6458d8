#!/usr/bin/env bash
# SIGINT and SIGTERM stop `check` and `pin` at once, even while a registry is
# slow to answer: one line "stalebase: interrupted" on stderr, exit code 130
# (SIGINT) or 143 (SIGTERM), and no file changed or left half-written.
# registry: open
# seed: standard
# timeout: 90
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
cd "$TEST_TMPDIR"

mkdir src
: >.stalebase.yaml # the defaults, not a configuration further up

# interrupt SIGNAL ARGS…: writes src/Dockerfile (and a copy, before) with two
# images behind a new proxy that answers the first request about an image (a
# tag list or a manifest) and holds every later one for 20 s, so the run is
# still waiting when the signal comes; runs stalebase ARGS… in the background, sends SIGNAL once the proxy has
# answered that first request, and sets RC, SECONDS_LEFT (how long it took to
# exit after the signal, in whole seconds) and the files out and err.
interrupt() {
  local signal=$1 pid i
  shift
  start_proxy --fault 'path=^/v2/library/,skip=1,delay=20000'
  printf 'FROM %s/library/alpine:3.20.0\nFROM %s/library/python:3.12.1-slim\n' \
    "$PROXY_HOST" "$PROXY_HOST" >src/Dockerfile
  cp src/Dockerfile before
  # Job control: a background job of a script otherwise starts with SIGINT
  # ignored, and stalebase keeps a signal ignored at start ignored.
  set -m
  "$STALEBASE_BIN" "$@" >out 2>err </dev/null &
  pid=$!
  set +m
  for i in $(seq 1 200); do
    [[ $(count_requests "$PROXY_LOG" ' /v2/library/') -ge 1 ]] && break
    kill -0 "$pid" 2>/dev/null || fail "stalebase ended before the signal: $(cat err)"
    sleep 0.05
  done
  [[ $(count_requests "$PROXY_LOG" ' /v2/library/') -ge 1 ]] || fail "no image request in 10 s; proxy log: $(cat "$PROXY_LOG"); stderr: $(cat err)"
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || fail "stalebase ended before the signal: $(cat err)"
  local start=$SECONDS
  kill "-$signal" "$pid"
  RC=0
  wait "$pid" || RC=$?
  SECONDS_LEFT=$((SECONDS - start))
  # The proxies stop when the script ends (stopping one waits for the request
  # it holds).
}

interrupt INT check --no-cache src
assert_eq 130 "$RC" "exit code of check after SIGINT (stderr: $(cat err))"
assert_eq "stalebase: interrupted" "$(tail -n 1 err)" "the last line on stderr"
assert_eq 1 "$(grep -c interrupted err)" "lines saying interrupted"
[[ $SECONDS_LEFT -le 5 ]] || fail "check took ${SECONDS_LEFT} s to stop after SIGINT"

interrupt TERM check --no-cache src
assert_eq 143 "$RC" "exit code of check after SIGTERM (stderr: $(cat err))"
assert_eq "stalebase: interrupted" "$(tail -n 1 err)" "the last line on stderr"

interrupt INT pin --no-cache src
assert_eq 130 "$RC" "exit code of pin after SIGINT (stderr: $(cat err))"
assert_eq "stalebase: interrupted" "$(tail -n 1 err)" "the last line on stderr"
assert_eq "$(cat before)" "$(cat src/Dockerfile)" "the Dockerfile after an interrupted pin"
assert_eq "Dockerfile" "$(ls -A src)" "files in the folder after an interrupted pin"

interrupt INT update --no-cache src
assert_eq 130 "$RC" "exit code of update after SIGINT (stderr: $(cat err))"
assert_eq "$(cat before)" "$(cat src/Dockerfile)" "the Dockerfile after an interrupted update"
assert_eq "Dockerfile" "$(ls -A src)" "files in the folder after an interrupted update"
echo PASS

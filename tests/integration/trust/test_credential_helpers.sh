#!/usr/bin/env bash
# Hostile and missing credential helpers (DOCKER_CONFIG's credsStore). Against a
# registry that challenges (Basic): one that prints without end, one that
# closes stdout and lingers, one that never answers: each run ends (at the
# helper's limit or the run's --deadline) and the helper is killed and reaped.
# Against a registry that challenges nothing, no helper is ever run: neither
# a hostile one nor one that is not installed (a credsStore left behind by an
# uninstalled Docker Desktop) costs anything there.
# registry: basic open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open
open_host=$TEST_REGISTRY_HOST
use_registry basic
h=$TEST_REGISTRY_HOST
ref=$h/library/alpine:3.20.0

mkdir -p "$TEST_TMPDIR/bin" "$TEST_TMPDIR/docker"
export PATH=$TEST_TMPDIR/bin:$PATH DOCKER_CONFIG=$TEST_TMPDIR/docker
pidfile=$TEST_TMPDIR/helper.pid
helper() { # NAME BODY: a helper that writes its PID, then runs BODY
  printf '#!/bin/sh\necho $$ >%s\n%s\n' "$pidfile" "$2" >"$TEST_TMPDIR/bin/docker-credential-$1"
  chmod +x "$TEST_TMPDIR/bin/docker-credential-$1"
}
uses() { echo "{\"credsStore\":\"$1\"}" >"$DOCKER_CONFIG/config.json"; rm -f "$pidfile"; }
gone() { # the helper's process no longer exists
  local pid
  pid=$(cat "$pidfile") || fail "the helper did not run"
  ! kill -0 "$pid" 2>/dev/null || { kill -9 "$pid"; fail "the helper (pid $pid) is still running"; }
}
# run_stalebase with a safety net only: a hung run fails here (killed after
# 30 s) instead of at CTest's timeout.
run_bounded() {
  _run_count=$((_run_count + 1))
  local base=$TEST_TMPDIR/run-$_run_count
  RUN_STATUS=0
  timeout -s KILL 30 "$STALEBASE_BIN" "$@" >"$base.out" 2>"$base.err" </dev/null || RUN_STATUS=$?
  RUN_OUT=$(cat "$base.out") RUN_ERR=$(cat "$base.err")
}

helper flood "exec yes '{\"Secret\":\"x\"}'"
uses flood
run_bounded resolve "$ref"
assert_status 3 "a helper printing without end"
assert_eq "stalebase: error: $ref: credential helper \"docker-credential-flood\" printed more than 64 KiB" "$RUN_ERR"
gone

helper linger 'exec >&- ; exec sleep 600'
uses linger
run_bounded resolve --deadline 2s "$ref"
assert_status 3 "a helper that closes stdout and lingers"
assert_eq "stalebase: error: $ref: credential helper \"docker-credential-linger\" did not answer before the run's deadline (--deadline)" "$RUN_ERR"
gone

helper hang 'exec sleep 600'
uses hang
run_bounded resolve --deadline 2s "$ref"
assert_status 3 "a helper that never answers"
assert_eq "stalebase: error: $ref: credential helper \"docker-credential-hang\" did not answer before the run's deadline (--deadline)" "$RUN_ERR"
gone

# A registry that challenges nothing never runs a helper: not the hostile one,
# not one that is missing.
uses hang
run_bounded resolve --deadline 20s "$open_host/library/alpine:3.20.0"
assert_status 0 "a hanging helper and a registry that needs no credentials"
assert_eq "$open_host/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
assert_eq "" "$RUN_ERR"
[[ ! -e $pidfile ]] || fail "the helper ran for a registry that asked for nothing"
uses desktop
run_bounded resolve "$open_host/library/alpine:3.20.0" "$open_host/library/alpine:3.19.0"
assert_status 0 "a missing helper and a registry that needs no credentials"
assert_eq "$open_host/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)
$open_host/library/alpine:3.19.0 $(seed_digest library/alpine:3.19.0)" "$RUN_OUT"
assert_eq "" "$RUN_ERR"

# A registry that challenges asks the missing helper: said once, and the
# look-ups go on without credentials (the Basic registry then refuses them).
run_bounded resolve "$ref" "$h/library/alpine:3.19.0"
assert_status 3 "a missing helper and a registry that needs credentials"
assert_contains "$RUN_ERR" "stalebase: warning: credential helper \"docker-credential-desktop\" (named in \"$DOCKER_CONFIG/config.json\") not found: asking without credentials"
assert_eq 1 "$(grep -c 'not found: asking without credentials' <<<"$RUN_ERR")" "the missing helper is said once"
echo PASS

#!/usr/bin/env bash
# A registry's Warning header is shown with its control characters escaped: a
# registry cannot recolour the terminal, move its cursor or write raw bytes to
# a CI log through stalebase's stderr (issue 12).
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

esc=$'\e'
start_proxy --fault "path=/alpine/manifests/,set-header=Warning:299 - \"${esc}[2J${esc}[1;1Hlooks fine${esc}[0m\""
run_stalebase resolve "$PROXY_HOST/library/alpine:3.20.0"
assert_status 0
assert_eq "$PROXY_HOST/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
assert_eq 'stalebase: warning: registry says: \e[2J\e[1;1Hlooks fine\e[0m' "$RUN_ERR"
echo PASS

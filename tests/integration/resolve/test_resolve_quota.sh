#!/usr/bin/env bash
# Docker Hub's pull quota counts manifest GETs, not HEADs: -v says at the end
# how many of each every registry host received, one line per host, and the
# counts are the proxy's. `resolve` spends no GET; `resolve --format json`
# spends one per multi-platform index (its platforms list, the documented
# price); `check` spends GETs only on a drifted multi-platform pin (the index
# now and the pinned one, to compare their platforms).
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

start_proxy
r=$PROXY_HOST
refs=("$r/library/alpine:3.20.0" "$r/library/busybox:1.36.1" "$r/library/python:3.12.7-slim")
gets() { count_requests "$PROXY_LOG" '^main GET /v2/[^ ]+/manifests/'; }
heads() { count_requests "$PROXY_LOG" '^main HEAD /v2/[^ ]+/manifests/'; }

# Text: HEADs only.
run_stalebase resolve -v "${refs[@]}"
assert_status 0
assert_eq 0 "$(gets)" "manifest GETs of resolve"
assert_eq 3 "$(heads)"
assert_eq "stalebase: info: $r: 0 manifest GETs (pull quota), 3 manifest HEADs" \
  "$(grep 'manifest GET' "$RUN_ERR_FILE")" "the -v summary"
assert_eq "stalebase: info: $r: 0 manifest GETs (pull quota), 3 manifest HEADs" \
  "$(tail -n 1 "$RUN_ERR_FILE")" "the summary comes last"

# Without -v: no summary.
run_stalebase resolve "${refs[@]}"
assert_eq "" "$RUN_ERR"

# JSON: one GET per index, for its platforms; none for the single image.
: >"$PROXY_LOG"
run_stalebase resolve -v --format json "${refs[@]}"
assert_status 0
assert_eq 2 "$(gets)" "manifest GETs of resolve --format json"
assert_eq "stalebase: info: $r: 2 manifest GETs (pull quota), 3 manifest HEADs" \
  "$(grep 'manifest GET' "$RUN_ERR_FILE")"

# check: an up-to-date pin and an unpinned tag spend no GET; a drifted
# multi-platform pin spends two.
previous=$(KIND=previous seed_digest library/debian:bookworm-20240101)
mkdir -p "$TEST_TMPDIR/app"
printf 'FROM %s\nFROM %s\nFROM %s\n' \
  "$r/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)" \
  "$r/library/busybox:1.36.1" \
  "$r/library/debian:bookworm-20240101@$previous" >"$TEST_TMPDIR/app/Dockerfile"
: >"$PROXY_LOG"
run_stalebase check -v --no-cache --platform linux/amd64 "$TEST_TMPDIR/app"
assert_status 1
assert_eq 2 "$(gets)" "manifest GETs of check"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/debian/manifests/$previous ")" "the pinned index"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/debian/manifests/$(seed_digest library/debian:bookworm-20240101) ")" "the index now"
assert_eq "stalebase: info: $r: 2 manifest GETs (pull quota), $(heads) manifest HEADs" \
  "$(grep 'manifest GET' "$RUN_ERR_FILE")"

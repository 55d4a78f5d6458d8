#!/usr/bin/env bash
# stalebase tags through the fault proxy: relative and absolute next-page
# links are followed to the right tag list; a link to another host is refused
# with the exact message and never followed; a link loop and garbage tag-list
# bodies (truncated, HTML, the wrong shape) fail with exit 3 and the exact
# message; a missing repository is exit 3.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

start_proxy --paginate-tags 2 --max-page-size 2 \
  --fault 'path=^/v2/library/alpine/tags/list,link=relative' \
  --fault 'path=^/v2/library/python/tags/list,link=absolute' \
  --fault 'path=^/v2/library/debian/tags/list,link=cross-host' \
  --fault 'path=^/v2/windows/servercore/tags/list,link=loop' \
  --fault 'path=^/v2/library/busybox/tags/list,garbage=truncated' \
  --fault 'path=^/v2/library/hello-world/tags/list,garbage=html' \
  --fault 'path=^/v2/private/app/tags/list,garbage=wrong-shape'
r=$PROXY_HOST

# Relative links (<list?last=…>): n=1000 and n=100 are refused, so stalebase
# asks without n and gets pages of 2.
run_stalebase tags --all "$r/library/alpine:3.20.0"
assert_status 0 "relative links"
assert_eq "3 3.19 3.19.0 3.19.1 3.20 3.20.0 latest" "$(echo $RUN_OUT)"
assert_eq 4 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list(|\?last=[^ &]+&n=2) auth=no status=200 fault=1 ')" "four pages"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list\?n=(1000|100) auth=no status=400 ')" "two refused sizes"

# Absolute links on the same origin.
run_stalebase tags --all "$r/library/python:3.12-slim"
assert_status 0 "absolute links"
assert_eq "3.12-slim 3.12.1-slim 3.12.7-slim 3.13.0-slim" "$(echo $RUN_OUT)"

# A link to another host: refused, not followed.
run_stalebase tags --all "$r/library/debian:bookworm"
assert_status 3 "cross-host link"
assert_eq "" "$RUN_OUT"
assert_eq "stalebase: error: $r/library/debian:bookworm: refused pagination link to another host (\"$PROXY_CROSS_URL\")" "$RUN_ERR"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^cross ')" "nothing reached the other host"

# A loop.
run_stalebase tags --all "$r/windows/servercore:ltsc2019"
assert_status 3 "link loop"
assert_eq "stalebase: error: $r/windows/servercore:ltsc2019: pagination links loop" "$RUN_ERR"

# Garbage bodies.
run_stalebase tags --all "$r/library/busybox:1.36"
assert_status 3 "truncated tag list"
assert_eq "stalebase: error: $r/library/busybox:1.36: tag list is not JSON" "$RUN_ERR"
run_stalebase tags --all --format json "$r/library/hello-world:latest"
assert_status 3 "HTML tag list"
assert_eq "stalebase: error: $r/library/hello-world:latest: tag list is not JSON" "$RUN_ERR"
assert_eq "tag list is not JSON|invalid-response" "$(json_field "$RUN_OUT_FILE" '"\(.error)|\(.error_kind)"')"
run_stalebase tags --all "$r/private/app:1.0.0"
assert_status 3 "wrong-shape tag list"
assert_eq "stalebase: error: $r/private/app:1.0.0: tag list has no \"tags\" array" "$RUN_ERR"

# The track view fails the same way.
run_stalebase tags "$r/library/debian:bookworm"
assert_status 3 "track view, cross-host link"
assert_eq "stalebase: error: $r/library/debian:bookworm: refused pagination link to another host (\"$PROXY_CROSS_URL\")" "$RUN_ERR"

# A repository that does not exist.
run_stalebase tags --all "$r/library/nosuchrepo:1"
assert_status 3 "missing repository"
assert_eq "stalebase: error: $r/library/nosuchrepo:1: repository not found or unauthorized" "$RUN_ERR"
echo "PASS"

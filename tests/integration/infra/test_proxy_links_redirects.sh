#!/usr/bin/env bash
# Tag-list pages with relative, absolute, cross-host and looping Link headers,
# the page-size limit, and a redirect to another port where the log shows
# whether an Authorization header arrived.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

# docker-registry 2.8 itself ignores n: all tags, no Link.
response=$(tk request --accept '' "$TEST_REGISTRY_URL/v2/library/alpine/tags/list?n=2")
assert_eq "" "$(header_of "$response" Link)" "docker-registry 2.8 sends no Link"

start_proxy --paginate-tags 1000 --max-page-size 1000 \
  --fault 'path=^/v2/library/alpine/tags/list,link=relative' \
  --fault 'path=^/v2/library/python/tags/list,link=absolute' \
  --fault 'path=^/v2/library/debian/tags/list,link=cross-host' \
  --fault 'path=^/v2/windows/servercore/tags/list,link=loop' \
  --fault 'path=^/v2/library/busybox/tags/list,link=cross-scheme' \
  --fault 'path=/manifests/3.20.0$,redirect'

response=$(tk request --accept '' "$PROXY_URL/v2/library/hello-world/tags/list?n=2")
assert_eq '{"name":"library/hello-world","tags":["latest"]}' "$(body_of "$response")"
assert_eq "" "$(header_of "$response" Link)" "one page, no Link"

response=$(tk request --accept '' "$PROXY_URL/v2/library/alpine/tags/list?n=2")
assert_eq '{"name":"library/alpine","tags":["3","3.19"]}' "$(body_of "$response")"
assert_eq '<list?last=3.19&n=2>; rel="next"' "$(header_of "$response" Link)" "relative Link"
response=$(tk request --accept '' "$PROXY_URL/v2/library/alpine/tags/list?last=3.20&n=2")
assert_eq '{"name":"library/alpine","tags":["3.20.0","latest"]}' "$(body_of "$response")"
assert_eq "" "$(header_of "$response" Link)" "last page"

response=$(tk request --accept '' "$PROXY_URL/v2/library/python/tags/list?n=2")
assert_eq "<$PROXY_URL/v2/library/python/tags/list?last=3.12.1-slim&n=2>; rel=\"next\"" "$(header_of "$response" Link)"
response=$(tk request --accept '' "$PROXY_URL/v2/library/debian/tags/list?n=1")
assert_eq "<$PROXY_CROSS_URL/v2/library/debian/tags/list?last=bookworm&n=1>; rel=\"next\"" "$(header_of "$response" Link)"
assert_match "$PROXY_CROSS_URL" '^http://127\.0\.0\.2:[0-9]+$'
response=$(tk request --accept '' "$PROXY_URL/v2/windows/servercore/tags/list?n=2")
assert_eq '</v2/windows/servercore/tags/list?n=2>; rel="next"' "$(header_of "$response" Link)" "loop"
response=$(tk request --accept '' "$PROXY_URL/v2/library/busybox/tags/list?n=1")
assert_eq "<https://${PROXY_URL#http://}/v2/library/busybox/tags/list?last=1.36&n=1>; rel=\"next\"" "$(header_of "$response" Link)"

# The testkit's own pager follows the relative links to the end.
assert_eq "3 3.19 3.19.0 3.19.1 3.20 3.20.0 latest" \
  "$(tk list-tags -n 2 --registry "$PROXY_URL" library/alpine 2>/dev/null | xargs)"
# two requests above, four pages here
assert_eq 6 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list.* status=200 fault=1 ')"

# Page size above the limit.
response=$(tk request --accept '' "$PROXY_URL/v2/library/alpine/tags/list?n=5000")
assert_eq 400 "$(status_of "$response")"
assert_contains "$(body_of "$response")" PAGINATION_NUMBER_INVALID

# The cross-host listener logs what reaches it.
assert_eq 200 "$(tk request --accept '' --status-only "$PROXY_CROSS_URL/v2/library/debian/tags/list")"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^cross GET /v2/library/debian/tags/list auth=no status=200')"

# A redirect to another port: the testkit follows it without the
# Authorization it sent first, and the other listener's log says so.
response=$(tk request -X HEAD "$PROXY_URL/v2/library/alpine/manifests/3.20.0")
assert_eq 307 "$(status_of "$response")"
assert_eq "$PROXY_OTHER_URL/v2/library/alpine/manifests/3.20.0" "$(header_of "$response" Location)"
assert_ne "$PROXY_URL" "$PROXY_OTHER_URL"
response=$(tk request -X HEAD --follow -H 'Authorization: Basic dXNlcjpwYXNz' \
  "$PROXY_URL/v2/library/alpine/manifests/3.20.0" 2>/dev/null)
assert_eq 200 "$(status_of "$response")" "followed redirect"
assert_eq "$(seed_digest library/alpine:3.20.0)" "$(header_of "$response" Docker-Content-Digest)"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.20.0 auth=basic status=307 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^other HEAD /v2/library/alpine/manifests/3.20.0 auth=no status=200 ')"
# ...and it would have said so if one had arrived.
tk request -X HEAD -H 'Authorization: Bearer abc' "$PROXY_OTHER_URL/v2/library/alpine/manifests/3.20.0" >/dev/null
assert_eq 1 "$(count_requests "$PROXY_LOG" '^other HEAD /v2/library/alpine/manifests/3.20.0 auth=bearer ')"
assert_not_contains "$(cat "$PROXY_LOG")" "dXNlcjpwYXNz" "credentials in the log"
echo "PASS"

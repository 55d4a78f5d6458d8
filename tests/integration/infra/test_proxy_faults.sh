#!/usr/bin/env bash
# Each fault of the proxy produces what it claims: 429 with Retry-After in
# seconds and as an HTTP-date, 503 bursts, slow answers, garbage bodies, a
# missing or wrong Docker-Content-Digest, a 401 loop, latency, and request
# counting.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

start_proxy \
  --fault 'path=/manifests/3.19.0$,status=429,retry-after=2,times=1' \
  --fault 'path=/manifests/3.19.1$,status=429,retry-after-date=30' \
  --fault 'path=/manifests/3.20.0$,method=HEAD,status=503,times=3' \
  --fault 'path=/manifests/3$,delay=3000' \
  --fault 'path=/python/tags/list,garbage=truncated' \
  --fault 'path=/debian/tags/list,garbage=html' \
  --fault 'path=/busybox/tags/list,garbage=wrong-shape' \
  --fault 'path=/alpine/manifests/latest$,drop-header=Docker-Content-Digest' \
  --fault 'path=/manifests/3.19$,bad-digest' \
  --fault 'path=/servercore/manifests/ltsc2019$,unauthorized' \
  --fault 'path=/hello-world/,skip=1,times=1,status=500'

alpine=$PROXY_URL/v2/library/alpine/manifests

# 429 with Retry-After in seconds, once.
response=$(tk request -X HEAD "$alpine/3.19.0")
assert_eq 429 "$(status_of "$response")"
assert_eq 2 "$(header_of "$response" Retry-After)"
assert_eq 200 "$(tk request -X HEAD --status-only "$alpine/3.19.0")" "after times=1"

# 429 with an HTTP-date Retry-After about 30 s ahead, every time.
for _ in 1 2; do
  response=$(tk request -X HEAD "$alpine/3.19.1")
  assert_eq 429 "$(status_of "$response")"
  when=$(header_of "$response" Retry-After)
  assert_match "$when" '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$'
  ahead=$(($(date -d "$when" +%s) - $(date +%s)))
  ((ahead >= 28 && ahead <= 31)) || fail "Retry-After \"$when\" is $ahead s ahead, expected about 30"
done
response=$(tk request "$alpine/3.19.1")
assert_eq '{"errors":[{"code":"TOOMANYREQUESTS","message":"injected by the stalebase_testkit proxy"}]}' "$(body_of "$response")"

# A burst of three 503s on HEAD, then the real answer; GET is untouched.
assert_eq 200 "$(tk request --status-only "$alpine/3.20.0")" "GET is not selected"
for _ in 1 2 3; do
  assert_eq 503 "$(tk request -X HEAD --status-only "$alpine/3.20.0")"
done
assert_eq 200 "$(tk request -X HEAD --status-only "$alpine/3.20.0")" "after the burst"
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.20.0 auth=no status=503 fault=3 ')"

# A slow answer past the client's timeout.
start=$(date +%s%N)
if tk request -X HEAD --timeout 1 "$alpine/3" >"$TEST_TMPDIR/slow.out" 2>&1; then
  fail "a 3 s answer did not time out a 1 s client"
fi
elapsed=$((($(date +%s%N) - start) / 1000000))
assert_contains "$(cat "$TEST_TMPDIR/slow.out")" timeout
((elapsed < 2500)) || fail "the client waited $elapsed ms"

# Garbage bodies.
tk request --accept '' --body-file "$TEST_TMPDIR/good.json" "$PROXY_URL/v2/library/alpine/tags/list" >/dev/null
tk json-check "$TEST_TMPDIR/good.json"
tk request --accept '' --body-file "$TEST_TMPDIR/truncated.json" "$PROXY_URL/v2/library/python/tags/list" >/dev/null
if tk json-check "$TEST_TMPDIR/truncated.json" 2>/dev/null; then fail "truncated body is valid JSON"; fi
assert_match "$(cat "$TEST_TMPDIR/truncated.json")" '^\{"name":"library/python","tags":\['
tk request --accept '' --body-file "$TEST_TMPDIR/html.json" "$PROXY_URL/v2/library/debian/tags/list" >/dev/null
assert_eq '<html><body><h1>502 Bad Gateway</h1></body></html>' "$(cat "$TEST_TMPDIR/html.json")"
response=$(tk request --accept '' "$PROXY_URL/v2/library/debian/tags/list")
assert_eq 'application/json; charset=utf-8' "$(header_of "$response" Content-Type)" "garbage keeps the JSON type"
tk request --accept '' --body-file "$TEST_TMPDIR/shape.json" "$PROXY_URL/v2/library/busybox/tags/list" >/dev/null
tk json-check "$TEST_TMPDIR/shape.json"
assert_contains "$(cat "$TEST_TMPDIR/shape.json")" '"tags":"not a list"'

# No Docker-Content-Digest; the body still hashes to the seeded digest.
response=$(tk request -X HEAD "$alpine/latest")
assert_eq 200 "$(status_of "$response")"
assert_eq "" "$(header_of "$response" Docker-Content-Digest)" "digest header dropped"
tk request --body-file "$TEST_TMPDIR/latest.json" "$alpine/latest" >/dev/null
assert_eq "$(seed_digest library/alpine:latest)" "sha256:$(sha256sum "$TEST_TMPDIR/latest.json" | cut -d' ' -f1)"
response=$(tk request -X HEAD "$alpine/3.19")
assert_ne "$(seed_digest library/alpine:3.19)" "$(header_of "$response" Docker-Content-Digest)" "bad-digest"
assert_match "$(header_of "$response" Docker-Content-Digest)" '^sha256:[0-9a-f]{64}$'

# A 401 loop: every try gets the same challenge, credentials or not.
for _ in 1 2 3; do
  response=$(tk request -X HEAD -H 'Authorization: Basic dXNlcjpwYXNz' --no-auth \
    "$PROXY_URL/v2/windows/servercore/manifests/ltsc2019")
  assert_eq 401 "$(status_of "$response")"
  assert_eq 'Basic realm="stalebase-testkit-proxy"' "$(header_of "$response" WWW-Authenticate)"
done
assert_eq 3 "$(count_requests "$PROXY_LOG" 'ltsc2019 auth=basic status=401 fault=10 ')"

# skip and times: the second request only.
assert_eq "200 500 200" "$(for _ in 1 2 3; do
  tk request -X HEAD --status-only "$PROXY_URL/v2/library/hello-world/manifests/latest"
done | xargs)"
stop_proxy

# Latency on every request.
start_proxy --latency 300
start=$(date +%s%N)
assert_eq 200 "$(tk request -X HEAD --status-only "$PROXY_URL/v2/library/alpine/manifests/3.20.0")"
elapsed=$((($(date +%s%N) - start) / 1000000))
((elapsed >= 300)) || fail "a request with --latency 300 took $elapsed ms"
assert_match "$(cat "$PROXY_LOG")" 'fault=- ms=(3[0-9][0-9]|[4-9][0-9][0-9])$'
echo "PASS"

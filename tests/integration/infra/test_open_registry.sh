#!/usr/bin/env bash
# The open registry starts, and the seeded images are there with the digests
# the pusher printed: indexes, manifest lists, Windows os.version, a rebuilt
# tag, single-platform manifests and real blobs.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

response=$(tk request --accept '' "$TEST_REGISTRY_DIRECT_URL/v2/")
assert_eq 200 "$(status_of "$response")" "GET /v2/ on the open registry"
assert_eq registry/2.0 "$(header_of "$response" Docker-Distribution-Api-Version)"

start_proxy
# Every seeded tag answers a HEAD through the proxy with the pushed digest.
tags=0
while read -r kind ref digest media_type _; do
  [[ $kind == tag ]] || continue
  repository=${ref%:*} tag=${ref##*:}
  response=$(tk request -X HEAD "$PROXY_URL/v2/$repository/manifests/$tag")
  assert_eq 200 "$(status_of "$response")" "HEAD $ref"
  assert_eq "$digest" "$(header_of "$response" Docker-Content-Digest)" "digest of $ref"
  assert_eq "$media_type" "$(header_of "$response" Content-Type)" "media type of $ref"
  tags=$((tags + 1))
done <"$TEST_REGISTRY_STATE/seed-standard.txt"
assert_eq 30 "$tags" "tags in the standard seed"
assert_eq "$tags" "$(count_requests "$PROXY_LOG" '^main HEAD /v2/.*/manifests/.* auth=no status=200 fault=-')" \
  "one logged HEAD per reference"
assert_eq "$tags" "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "no other request logged"

# The index body hashes to its digest and lists both platforms; the children
# exist by digest.
tk request --body-file "$TEST_TMPDIR/index.json" "$PROXY_URL/v2/library/alpine/manifests/3.20.0" >/dev/null
assert_eq "$(seed_digest library/alpine:3.20.0)" "sha256:$(sha256sum "$TEST_TMPDIR/index.json" | cut -d' ' -f1)" \
  "sha256 of the index body"
index=$(cat "$TEST_TMPDIR/index.json")
assert_contains "$index" '"architecture": "arm64"'
assert_contains "$index" '"variant": "v8"'
for platform in linux/amd64 linux/arm64/v8; do
  child=$(seed_digest library/alpine:3.20.0 "$platform")
  assert_contains "$index" "\"digest\": \"$child\""
  response=$(tk request -X HEAD "$PROXY_URL/v2/library/alpine/manifests/$child")
  assert_eq "$child" "$(header_of "$response" Docker-Content-Digest)" "child $platform"
done
assert_eq "$(seed_digest library/alpine:3.20.0)" "$(seed_digest library/alpine:latest)" "latest is 3.20.0"

# A child's config and layer are real blobs.
tk request --body-file "$TEST_TMPDIR/child.json" \
  "$PROXY_URL/v2/library/alpine/manifests/$(seed_digest library/alpine:3.20.0 linux/arm64/v8)" >/dev/null
config=$(grep -A3 '"config"' "$TEST_TMPDIR/child.json" | sed -n 's/.*"digest": "\(sha256:[0-9a-f]*\)".*/\1/p')
layer=$(grep -A4 '"layers"' "$TEST_TMPDIR/child.json" | sed -n 's/.*"digest": "\(sha256:[0-9a-f]*\)".*/\1/p')
tk request --accept '' --body-file "$TEST_TMPDIR/config.json" "$PROXY_URL/v2/library/alpine/blobs/$config" >/dev/null
tk json-check "$TEST_TMPDIR/config.json"
assert_contains "$(cat "$TEST_TMPDIR/config.json")" '"architecture":"arm64"'
tk request --accept '' --body-file "$TEST_TMPDIR/layer.tar.gz" "$PROXY_URL/v2/library/alpine/blobs/$layer" >/dev/null
assert_eq "$layer" "sha256:$(sha256sum "$TEST_TMPDIR/layer.tar.gz" | cut -d' ' -f1)" "layer digest"
assert_eq stalebase-seed "$(tar -tzf "$TEST_TMPDIR/layer.tar.gz")" "the layer's files"
assert_eq "library/alpine:3.20.0 linux/arm64/v8" "$(tar -xzOf "$TEST_TMPDIR/layer.tar.gz" stalebase-seed)" \
  "the layer's file"

# Docker manifest lists and single-platform manifests keep their media types.
response=$(tk request -X HEAD "$PROXY_URL/v2/library/python/manifests/3.12-slim")
assert_eq application/vnd.docker.distribution.manifest.list.v2+json "$(header_of "$response" Content-Type)"
assert_eq "$(seed_digest library/python:3.12.7-slim)" "$(header_of "$response" Docker-Content-Digest)"
response=$(tk request -X HEAD "$PROXY_URL/v2/library/busybox/manifests/1.36.1")
assert_eq application/vnd.docker.distribution.manifest.v2+json "$(header_of "$response" Content-Type)"

# Windows children carry os.version.
tk request --body-file "$TEST_TMPDIR/windows.json" "$PROXY_URL/v2/windows/servercore/manifests/ltsc2019" >/dev/null
assert_contains "$(cat "$TEST_TMPDIR/windows.json")" '"os.version": "10.0.17763.5458"'
assert_eq "$(seed_digest windows/servercore:10.0.17763.5458)" "$(seed_digest windows/servercore:ltsc2019)"
assert_ne "$(seed_digest windows/servercore:10.0.14393.321 windows/amd64:10.0.14393.321)" \
  "$(seed_digest windows/servercore:10.0.14393.693 windows/amd64:10.0.14393.693)"

# The rebuilt tag points at the new digest; the old one is still there by digest.
current=$(seed_digest library/debian:bookworm-20240101)
previous=$(KIND=previous seed_digest library/debian:bookworm-20240101)
assert_ne "$previous" "$current" "a rebuilt tag changes its digest"
response=$(tk request -X HEAD "$PROXY_URL/v2/library/debian/manifests/bookworm-20240101")
assert_eq "$current" "$(header_of "$response" Docker-Content-Digest)"
assert_eq 200 "$(tk request -X HEAD --status-only "$PROXY_URL/v2/library/debian/manifests/$previous")"
previous_image=$(KIND=previous seed_digest library/busybox:1.36)
assert_ne "$previous_image" "$(seed_digest library/busybox:1.36)" "a rebuilt single-platform tag"

# An unknown tag is a 404.
assert_eq 404 "$(tk request -X HEAD --status-only "$PROXY_URL/v2/library/alpine/manifests/9.9.9")"
echo "PASS"

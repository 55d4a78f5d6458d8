#!/usr/bin/env bash
# stalebase resolve against the open registry: the index digest of OCI
# indexes and Docker manifest lists, single-platform manifests, digest
# references, --platform picking a Linux variant or a Windows os.version child,
# text and JSON output, and exit 3 with the exact message for a missing tag, a
# missing repository and a missing platform. Digests come by one HEAD per
# reference after one /v2/ ping, with no manifest GET in text mode.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

start_proxy
r=$PROXY_HOST

# Text: one "REF DIGEST" line per reference, in the order given.
refs=(
  "$r/library/alpine:3.20.0"
  "$r/library/python:3.12-slim"
  "$r/library/busybox:1.36.0"
  "$r/library/busybox:1.36.1"
  "$r/library/debian:bookworm-20240101"
  "$r/windows/servercore:ltsc2019"
  "$r/library/hello-world"
)
run_stalebase resolve "${refs[@]}"
assert_status 0
expected="$r/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)
$r/library/python:3.12-slim $(seed_digest library/python:3.12.7-slim)
$r/library/busybox:1.36.0 $(seed_digest library/busybox:1.36.0)
$r/library/busybox:1.36.1 $(seed_digest library/busybox:1.36.1)
$r/library/debian:bookworm-20240101 $(seed_digest library/debian:bookworm-20240101)
$r/windows/servercore:ltsc2019 $(seed_digest windows/servercore:10.0.17763.5458)
$r/library/hello-world $(seed_digest library/hello-world:latest)"
assert_eq "$expected" "$RUN_OUT"
assert_eq "" "$RUN_ERR" "nothing on stderr"
assert_ne "$(KIND=previous seed_digest library/debian:bookworm-20240101)" \
  "$(seed_digest library/debian:bookworm-20240101)" "the rebuilt tag changed"
# One ping, one HEAD per reference, no GET of a manifest.
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/ ')" "pings"
assert_eq 7 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/[^ ]+/manifests/[^ ]+ auth=no status=200 ')" "HEADs"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/hello-world/manifests/latest ')" "no tag means latest"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /v2/.*/manifests/')" "manifest GETs"
assert_eq 8 "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "requests in all"

# The same reference twice is looked up once.
: >"$PROXY_LOG"
run_stalebase resolve "$r/library/alpine:3" "$r/library/alpine:3"
assert_status 0
assert_eq "$r/library/alpine:3 $(seed_digest library/alpine:3.20.0)
$r/library/alpine:3 $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3 ')" "one HEAD for a repeated reference"

# A digest reference answers with its own digest (and a tag@digest keeps the
# reference as written).
digest=$(seed_digest library/python:3.13.0-slim)
run_stalebase resolve "$r/library/python@$digest" "$r/library/python:3.13.0-slim@$digest"
assert_status 0
assert_eq "$r/library/python@$digest $digest
$r/library/python:3.13.0-slim@$digest $digest" "$RUN_OUT"

# --platform: the child's digest.
run_stalebase resolve --platform linux/arm64/v8 "$r/library/alpine:3.20.0" "$r/library/python:3.12.1-slim"
assert_status 0
assert_eq "$r/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0 linux/arm64/v8)
$r/library/python:3.12.1-slim $(seed_digest library/python:3.12.1-slim linux/arm64/v8)" "$RUN_OUT"
assert_ne "$(seed_digest library/alpine:3.20.0 linux/arm64/v8)" "$(seed_digest library/alpine:3.20.0 linux/amd64)"
run_stalebase resolve --platform linux/arm/v7 "$r/library/python:3.13.0-slim"
assert_status 0
assert_eq "$r/library/python:3.13.0-slim $(seed_digest library/python:3.13.0-slim linux/arm/v7)" "$RUN_OUT"
# Windows children differ only by os.version: the platform names it.
: >"$PROXY_LOG"
run_stalebase resolve --platform 'windows(10.0.17763.5458)/amd64' "$r/library/hello-world:latest"
assert_status 0
assert_eq "$r/library/hello-world:latest $(seed_digest library/hello-world:latest windows/amd64:10.0.17763.5458)" "$RUN_OUT"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/hello-world/manifests/latest ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" "^main GET /v2/library/hello-world/manifests/$(seed_digest library/hello-world:latest) auth=no status=200 ")" \
  "the index is fetched by digest once"
run_stalebase resolve --platform 'windows(10.0.20348.2322)/amd64' "$r/library/hello-world:latest"
assert_status 0
assert_eq "$r/library/hello-world:latest $(seed_digest library/hello-world:latest windows/amd64:10.0.20348.2322)" "$RUN_OUT"
# A single-platform manifest is its own platform digest, with no GET.
: >"$PROXY_LOG"
run_stalebase resolve --platform linux/amd64 "$r/library/busybox:1.36.1"
assert_status 0
assert_eq "$r/library/busybox:1.36.1 $(seed_digest library/busybox:1.36.1)" "$RUN_OUT"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main GET /v2/.*/manifests/')" "no GET for a single-platform manifest"
# A platform the index lacks.
run_stalebase resolve --platform linux/s390x "$r/library/alpine:3.20.0"
assert_status 3
assert_eq "" "$RUN_OUT"
assert_eq "stalebase: error: $r/library/alpine:3.20.0: no manifest for platform \"linux/s390x\"" "$RUN_ERR"

# JSON: the index digest, its media type and every child.
run_stalebase resolve --format json "$r/library/alpine:3.20.0" "$r/library/busybox:1.36.1" "$r/library/python:3.12.7-slim"
assert_status 0
tk json-check "$RUN_OUT_FILE"
j=$RUN_OUT_FILE
assert_eq 3 "$(json_field "$j" 'length')"
assert_eq "$r/library/alpine:3.20.0" "$(json_field "$j" '.[0].reference')"
assert_eq "$(seed_digest library/alpine:3.20.0)" "$(json_field "$j" '.[0].digest')"
assert_eq application/vnd.oci.image.index.v1+json "$(json_field "$j" '.[0].media_type')"
assert_eq "linux/amd64/ $(seed_digest library/alpine:3.20.0 linux/amd64) application/vnd.oci.image.manifest.v1+json
linux/arm64/v8 $(seed_digest library/alpine:3.20.0 linux/arm64/v8) application/vnd.oci.image.manifest.v1+json" \
  "$(json_field "$j" '.[0].platforms[] | "\(.os)/\(.architecture)/\(.variant // "") \(.digest) \(.media_type)"')"
assert_eq "$(seed_digest library/busybox:1.36.1)" "$(json_field "$j" '.[1].digest')"
assert_eq application/vnd.docker.distribution.manifest.v2+json "$(json_field "$j" '.[1].media_type')"
assert_eq 0 "$(json_field "$j" '.[1].platforms | length')"
assert_eq application/vnd.docker.distribution.manifest.list.v2+json "$(json_field "$j" '.[2].media_type')"
assert_eq "$(seed_digest library/python:3.12.7-slim linux/arm/v7)" \
  "$(json_field "$j" '.[2].platforms[] | select(.architecture == "arm" and .variant == "v7") | .digest')"
assert_eq false "$(json_field "$j" '.[0] | has("error")')"

# JSON with --platform: the child digest, the platform and the index digest;
# Windows children carry os.version.
run_stalebase resolve --format json --platform 'windows(10.0.17763.5458)/amd64' "$r/library/hello-world:latest"
assert_status 0
j=$RUN_OUT_FILE
assert_eq "$(seed_digest library/hello-world:latest windows/amd64:10.0.17763.5458)" "$(json_field "$j" '.[0].digest')"
assert_eq "$(seed_digest library/hello-world:latest)" "$(json_field "$j" '.[0].index_digest')"
assert_eq 'windows(10.0.17763.5458)/amd64' "$(json_field "$j" '.[0].platform')"
assert_eq "10.0.17763.5458 10.0.20348.2322" "$(json_field "$j" '[.[0].platforms[] | .["os.version"] // empty] | join(" ")')"

# A missing tag and a missing repository: exit 3, the others still resolve.
: >"$PROXY_LOG"
run_stalebase resolve "$r/library/alpine:9.9.9" "$r/library/alpine:3.19.0" "$r/library/nosuchrepo:1.0"
assert_status 3
assert_eq "$r/library/alpine:3.19.0 $(seed_digest library/alpine:3.19.0)" "$RUN_OUT"
assert_eq "stalebase: error: $r/library/alpine:9.9.9: tag \"9.9.9\" not found
stalebase: error: $r/library/nosuchrepo:1.0: repository not found or unauthorized" "$RUN_ERR"
# A failed HEAD has no body: one GET tells the error, and for an unknown
# repository one tag-list request tells it from an unknown tag.
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/9.9.9 auth=no status=404 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/manifests/9.9.9 auth=no status=404 ')"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/nosuchrepo/tags/list\?n=1 auth=no status=404 ')"
run_stalebase resolve --format json "$r/library/alpine:9.9.9"
assert_status 3
j=$RUN_OUT_FILE
assert_eq "$r/library/alpine:9.9.9|tag \"9.9.9\" not found|not-found|false" \
  "$(json_field "$j" '.[0] | "\(.reference)|\(.error)|\(.error_kind)|\(has("digest"))"')"
assert_eq "stalebase: error: $r/library/alpine:9.9.9: tag \"9.9.9\" not found" "$RUN_ERR"

# An invalid reference is a usage error (exit 2), not a look-up failure.
run_stalebase resolve "$r/Library/Alpine:3"
assert_status 2
assert_eq "stalebase: error: invalid reference \"$r/Library/Alpine:3\": repository name must be lowercase" "$RUN_ERR"
echo "PASS"

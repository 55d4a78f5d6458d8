#!/usr/bin/env bash
# `stalebase image` with OCI base annotations: a current image has no
# finding; a newer patch of its base is base-patch-available (exit 1); once
# the base's tag is rebuilt for amd64 only, the amd64 image of a
# multi-platform app is base-drift and the arm64 one index-drift (info); an
# annotation whose layers are not under the image's is not trusted
# (base-unknown); a base whose old build was deleted is decided by layers.
# registry: open
# timeout: 300
# lock: image-annotations
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
source "$STALEBASE_INTEGRATION_DIR/image/helpers.sh"
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
B=imgann/base

# The base: 1.0.0 for amd64 and arm64.
base_amd=$(image_manifest $B linux/amd64 '{}' b100-amd)
base_arm=$(image_manifest $B linux/arm64 '{}' b100-arm)
base_index=$(index $B 1.0.0 "$(descriptor "$base_amd" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)")

ann() { jq -c -n --arg n "$R/$B:1.0.0" --arg d "$1" \
  '{"org.opencontainers.image.base.name": $n, "org.opencontainers.image.base.digest": $d}'; }

# app1: single-platform, annotations on the manifest (the index digest).
app1=$(image_manifest imgann/app1 linux/amd64 "$(ann "$base_index")" b100-amd app1)
tag_manifest imgann/app1 1 "$app1"
# app2: multi-platform, annotations on the index descriptors.
app2_amd=$(image_manifest imgann/app2 linux/amd64 '{}' b100-amd app2-amd)
app2_arm=$(image_manifest imgann/app2 linux/arm64 '{}' b100-arm app2-arm)
index imgann/app2 1 "$(descriptor "$app2_amd" linux/amd64 "$(ann "$base_index")")" \
  "$(descriptor "$app2_arm" linux/arm64 "$(ann "$base_index")")" >/dev/null
# app3: an annotation that lies (names the arm64 build for an amd64 image).
app3=$(image_manifest imgann/app3 linux/amd64 "$(ann "$base_arm")" b100-amd app3)
tag_manifest imgann/app3 1 "$app3"

# 1. Everything current: no findings, exit 0.
run_image out.json --format json "$R/imgann/app1:1" "$R/imgann/app2:1"
expect_exit 0 out.json
assert_eq 0 "$(jq '.findings | length' out.json)"
assert_eq 3 "$(jq '.summary.platform_images' out.json)"
assert_eq "$R/imgann/app1:1 $R/imgann/app2:1" "$(jq -r '.images | join(" ")' out.json)"

# The cost: through a mirror that logs, the base both images share is read
# once (its index, two platform manifests, two configs), and no request is
# made twice; -v counts the blob GETs.
start_proxy
run_image out.json --format json --no-cache -v --registry-mirror "$R=$PROXY_URL" \
  "$R/imgann/app1:1" "$R/imgann/app2:1"
expect_exit 0 out.json
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main GET /v2/imgann/base/manifests/sha256:')"
assert_eq 2 "$(count_requests "$PROXY_LOG" '^main GET /v2/imgann/base/blobs/')"
assert_eq 3 "$(count_requests "$PROXY_LOG" '^main GET /v2/imgann/app[12]/blobs/')"
assert_eq "" "$(grep -E '^main (GET|HEAD) ' "$PROXY_LOG" | awk '{print $2, $3}' | sort | uniq -d)"
assert_contains "$(cat out.json.err)" "5 blob GETs"
stop_proxy

# 2. The lie is not trusted: base-unknown (warn, exit 0), saying why.
run_image out.json --format json "$R/imgann/app3:1"
expect_exit 0 out.json
assert_eq "linux/amd64 base-unknown" "$(kinds out.json)"
assert_contains "$(jq -r '.findings[0].message' out.json)" "not trusted"

# 3. A newer patch: base-patch-available for every platform, exit 1.
other=$(image_manifest $B linux/amd64 '{}' b101-amd)
index $B 1.0.1 "$(descriptor "$other" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)" >/dev/null
run_image out.json --format json "$R/imgann/app1:1"
expect_exit 1 out.json
assert_eq "linux/amd64 base-patch-available" "$(kinds out.json)"
assert_eq "1.0.1" "$(jq -r '.findings[0].suggested.tag' out.json)"
assert_eq "annotation" "$(jq -r '.findings[0].base.how' out.json)"
assert_eq "$base_index" "$(jq -r '.findings[0].base.digest' out.json)"
assert_eq "$app1" "$(jq -r '.findings[0].image_digest' out.json)"
run_image out.json --format json --fail-on none "$R/imgann/app1:1"
expect_exit 0 out.json

# 4. 1.0.0 rebuilt for amd64 only: amd64 drifts, arm64 is index-drift.
rebuilt_amd=$(image_manifest $B linux/amd64 '{}' b100-amd-rebuilt)
new_index=$(index $B 1.0.0 "$(descriptor "$rebuilt_amd" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)")
run_image out.json --format json --fail-on base-drift "$R/imgann/app2:1"
expect_exit 1 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-drift' 'linux/amd64 base-patch-available' \
  'linux/arm64 index-drift' 'linux/arm64 base-patch-available')" "$(kinds out.json)"
assert_eq "$new_index" "$(jq -r '.findings[0].base.current_digest' out.json)"
assert_eq "1.0.0 $new_index" "$(jq -r '.findings[0].suggested | "\(.tag) \(.digest)"' out.json)"
assert_eq "true false" "$(jq -r '[.findings[0,2].failing] | map(tostring) | join(" ")' out.json)"

# --platform picks one platform.
run_image out.json --format json --platform linux/arm64 --fail-on base-drift "$R/imgann/app2:1"
expect_exit 0 out.json
assert_eq "$(printf '%s\n' 'linux/arm64 index-drift' 'linux/arm64 base-patch-available')" "$(kinds out.json)"

# 5. The old build deleted: decided by what the tag's layers are now.
tk request -X DELETE --status-only --expect-status 202 \
  "$TEST_REGISTRY_URL/v2/$B/manifests/$base_index" >/dev/null
run_image out.json --format json --no-cache "$R/imgann/app1:1"
expect_exit 1 out.json
assert_eq "linux/amd64 base-drift
linux/amd64 base-patch-available" "$(kinds out.json)"
assert_contains "$(jq -r '.findings[0].message' out.json)" "gone"

# The table says the same for people.
run_image out.txt --no-cache "$R/imgann/app1:1"
expect_exit 1 out.txt
assert_contains "$(cat out.txt)" "base-drift"
assert_contains "$(cat out.txt)" "1 image, 1 platform image: 2 fail"
echo PASS

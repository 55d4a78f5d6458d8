#!/usr/bin/env bash
# Platforms end to end: a `FROM --platform=linux/arm64` pin of alpine's arm64
# child is a single-platform-pin (not drift) whatever --platform says; a pin of
# the index is fine; Windows servercore 10.0.14393.321 gets the patch
# 10.0.14393.693 and the major (OS change) 10.0.17763.5458; the floating
# ltsc2019 equals 10.0.17763.5458; a drifted index pin is compared for the
# platform that matters.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
short() { echo "${1:0:19}…"; }

arm64=$(seed_digest library/alpine:3.20.0 linux/arm64/v8)
index=$(seed_digest library/alpine:3.20.0)
cat >Dockerfile <<EOF
FROM --platform=linux/arm64 $R/library/alpine:3.20.0@$arm64 AS arm
FROM --platform=linux/arm64 $R/library/alpine:3.20.0@$index AS arm-index
FROM $R/windows/servercore:10.0.14393.321 AS win
FROM $R/windows/servercore:ltsc2019 AS win-floating
EOF
for platform in linux/amd64 linux/arm64; do
  run_check out.json --format json --platform "$platform" Dockerfile
  expect_exit 1 out.json
  assert_eq "$(printf '%s\n' \
    '1 single-platform-pin warn linux/arm64 3.20.0' \
    "3 patch-available fail $platform 10.0.14393.693" \
    "3 major-available info $platform 10.0.17763.5458" \
    "4 unpinned warn $platform ltsc2019")" \
    "$(jq -r '.findings[] | "\(.line) \(.kind) \(.level) \(.platform) \(.suggested.tag)"' out.json)" "with --platform $platform"
done
assert_eq "pinned digest $(short "$arm64") is only the linux/arm64/v8 image of multi-platform 3.20.0 (index $(short "$index"))" \
  "$(jq -r '.findings[0].message' out.json)"
assert_eq "$index" "$(jq -r '.findings[0].suggested.digest' out.json)" "the fix pins the index"
assert_eq null "$(jq -r '.findings[1].suggested.digest' out.json)" "an unpinned reference's fix is the tag alone"
assert_eq 'newer major version 10.0.17763.5458 in the same track: an OS change to Windows build 17763 (ltsc2019), needs a matching host' \
  "$(jq -r '.findings[2].message' out.json)"
assert_eq '["10.0.17763.5458"]' "$(jq -c '.findings[3].equals' out.json)" "what ltsc2019 equals"
assert_eq '"ltsc2019" moves (now 10.0.17763.5458), and no digest pins it' "$(jq -r '.findings[3].message' out.json)"

# A rebuilt index pinned at its old digest drifts for the platform that
# matters, and the message says which.
previous=$(KIND=previous seed_digest library/debian:bookworm-20240101)
echo "FROM --platform=linux/arm64 $R/library/debian:bookworm@$previous" >drift.Dockerfile
run_check out.json --format json --platform linux/amd64 drift.Dockerfile
expect_exit 1 out.json
assert_eq "digest-drift linux/arm64 pinned digest $(short "$previous") is no longer what bookworm points at (linux/arm64 changed); it is now bookworm-20240211" \
  "$(jq -r '.findings[] | "\(.kind) \(.platform) \(.message)"' out.json)"
echo PASS

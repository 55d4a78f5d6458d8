#!/usr/bin/env bash
# `stalebase image` with BuildKit provenance attestations (SLSA v0.2 for
# amd64, v1 for arm64): of the materials (the `# syntax` frontend, a builder
# stage, the base) the base is the one whose layers are under the image's;
# an attestation that names no such image, or is malformed, is never trusted
# (base-unknown). Without either, --base (or --dockerfile) decides by layers. Images come from
# REFs, --images FILE and stdin; an image that does not exist is check-error
# (exit 3).
# registry: open
# timeout: 300
# lock: image-provenance
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
source "$STALEBASE_INTEGRATION_DIR/image/helpers.sh"
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
B=imgprov/base

base_amd=$(image_manifest $B linux/amd64 '{}' p200-amd)
base_arm=$(image_manifest $B linux/arm64 '{}' p200-arm)
base_index=$(index $B 2.0.0 "$(descriptor "$base_amd" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)")
newer=$(image_manifest $B linux/amd64 '{}' p201-amd)
index $B 2.0.1 "$(descriptor "$newer" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)" >/dev/null
golang=$(image_manifest imgprov/golang linux/amd64 '{}' go-1)
tag_manifest imgprov/golang 1.22 "$golang"
frontend=$(image_manifest imgprov/dockerfile linux/amd64 '{}' fe-1)
tag_manifest imgprov/dockerfile 1 "$frontend"

materials=(
  "$(purl "$R/imgprov/dockerfile" 1 linux/amd64)=$frontend"
  "$(purl "$R/imgprov/golang" 1.22 linux/amd64)=$golang"
)

# app: both platforms attested; the base named by its index digest.
app_amd=$(image_manifest imgprov/app linux/amd64 '{}' p200-amd app-amd)
app_arm=$(image_manifest imgprov/app linux/arm64 '{}' p200-arm app-arm)
provenance v0.2 amd.json "$app_amd" "${materials[@]}" "$(purl "$R/$B" 2.0.0 linux/amd64)=$base_index"
provenance v1 arm.json "$app_arm" "${materials[@]}" "$(purl "$R/$B" 2.0.0 linux/arm64)=$base_arm"
index imgprov/app 1 "$(descriptor "$app_amd" linux/amd64)" "$(descriptor "$app_arm" linux/arm64)" \
  "$(attestation imgprov/app "$app_amd" amd.json)" \
  "$(attestation imgprov/app "$app_arm" arm.json https://slsa.dev/provenance/v1)" >/dev/null

run_image out.json --format json "$R/imgprov/app:1"
expect_exit 1 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-patch-available' 'linux/arm64 base-patch-available')" "$(kinds out.json)"
assert_eq "provenance provenance" "$(jq -r '[.findings[].base.how] | join(" ")' out.json)"
assert_eq "$R/$B:2.0.0" "$(jq -r '.findings[0].base.name' out.json)"
assert_eq "$base_index $base_arm" "$(jq -r '[.findings[].base.digest] | join(" ")' out.json)"

# A lying attestation (only the builder and the frontend) and a malformed one.
lie_amd=$(image_manifest imgprov/lie linux/amd64 '{}' p200-amd lie)
provenance v0.2 lie.json "$lie_amd" "${materials[@]}"
printf '{"predicateType": "https://slsa.dev/provenance/v0.2", "predicate": ' >bad.json
bad_amd=$(image_manifest imgprov/lie linux/amd64 '{}' p200-amd bad)
index imgprov/lie 1 "$(descriptor "$lie_amd" linux/amd64)" "$(attestation imgprov/lie "$lie_amd" lie.json)" >/dev/null
index imgprov/lie 2 "$(descriptor "$bad_amd" linux/amd64)" "$(attestation imgprov/lie "$bad_amd" bad.json)" >/dev/null
run_image out.json --format json "$R/imgprov/lie:1" "$R/imgprov/lie:2"
expect_exit 0 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-unknown' 'linux/amd64 base-unknown')" "$(kinds out.json)"
assert_contains "$(jq -r '.findings[0].message' out.json)" "none under the image's layers"
assert_contains "$(jq -r '.findings[1].message' out.json)" "malformed"

# Neither annotations nor provenance: base-unknown, or --base by layers.
plain=$(image_manifest imgprov/plain linux/amd64 '{}' p200-amd plain)
tag_manifest imgprov/plain 1 "$plain"
run_image out.json --format json "$R/imgprov/plain:1"
expect_exit 0 out.json
assert_eq "linux/amd64 base-unknown" "$(kinds out.json)"
assert_contains "$(jq -r '.findings[0].message' out.json)" "no base annotations; no provenance attestation; no --base given"
run_image out.json --format json --base "$R/$B:2.0.0" "$R/imgprov/plain:1"
expect_exit 1 out.json
assert_eq "linux/amd64 base-patch-available" "$(kinds out.json)"
assert_eq "layers" "$(jq -r '.findings[0].base.how' out.json)"
run_image out.json --format json --base "$R/$B:2.0.0@$newer" "$R/imgprov/plain:1"
expect_exit 0 out.json
assert_eq "linux/amd64 base-unknown" "$(kinds out.json)"
assert_contains "$(jq -r '.findings[0].message' out.json)" "not built from"

# --dockerfile: the last stage's FROM, through a stage name, ARGs and
# --build-arg applied.
cat >Dockerfile <<DOCKERFILE
ARG BASE=$R/$B:2.0.0
FROM $R/imgprov/golang:1.22 AS build
FROM \${BASE} AS runtime
FROM runtime
DOCKERFILE
run_image out.json --format json --dockerfile Dockerfile "$R/imgprov/plain:1"
expect_exit 1 out.json
assert_eq "linux/amd64 base-patch-available" "$(kinds out.json)"
assert_eq "$R/$B:2.0.0 layers" "$(jq -r '.findings[0].base | "\(.name) \(.how)"' out.json)"
run_image out.json --format json --dockerfile Dockerfile --build-arg "BASE=$R/$B:2.0.0@$newer" "$R/imgprov/plain:1"
expect_exit 0 out.json
assert_contains "$(jq -r '.findings[0].message' out.json)" "not built from"

# --images FILE (comments, blank lines) and stdin; a missing image is
# check-error and exit 3 when nothing else fails.
printf '# deployed\n%s   # the app\n\n%s\n' "$R/imgprov/plain:1" "$R/imgprov/nothere:1" >images.txt
run_image out.json --format json --images images.txt
expect_exit 3 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-unknown' 'null check-error')" "$(kinds out.json)"
assert_eq "$R/imgprov/nothere:1" "$(jq -r '.errors[0].image' out.json)"
RC=0
printf '%s\n' "$R/imgprov/app:1" | "$STALEBASE_BIN" image --no-cache --format json --images - >out.json 2>out.json.err || RC=$?
expect_exit 1 out.json
assert_eq 2 "$(jq '.findings | length' out.json)"
RC=0
printf '%s\n' "$R/imgprov/plain:1" | "$STALEBASE_BIN" image --no-cache --format json - >out.json 2>out.json.err || RC=$?
expect_exit 0 out.json
assert_eq "linux/amd64 base-unknown" "$(kinds out.json)"

# The base's tag rebuilt for amd64: the plain image drifts (by layers).
moved=$(image_manifest $B linux/amd64 '{}' p200-amd-rebuilt)
index $B 2.0.0 "$(descriptor "$moved" linux/amd64)" "$(descriptor "$base_arm" linux/arm64)" >/dev/null
run_image out.json --format json --no-cache --base "$R/$B:2.0.0" "$R/imgprov/plain:1"
expect_exit 1 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-drift' 'linux/amd64 base-patch-available')" "$(kinds out.json)"
# ... and so does the attested app's amd64 image; arm64's material named its
# platform manifest, which the tag still holds: no drift there.
run_image out.json --format json --no-cache "$R/imgprov/app:1"
expect_exit 1 out.json
assert_eq "$(printf '%s\n' 'linux/amd64 base-drift' 'linux/amd64 base-patch-available' 'linux/arm64 base-patch-available')" "$(kinds out.json)"
echo PASS

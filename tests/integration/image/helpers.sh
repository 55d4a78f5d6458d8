# Helpers for the `stalebase image` tests: source after lib.sh and
# use_registry. They write images by hand through `tk put-blob` and
# `tk put-manifest`: uncompressed layers (their digest is their diff_id), a
# config naming them, manifests with annotations, indexes with BuildKit's
# attestation manifests. Each test uses its own repositories.
#
#   base=$(image_manifest imgtest/base linux/amd64 '{}' base-1)
#   index imgtest/base 1.0.0 "$(descriptor "$base" linux/amd64)"

_image_dir=$TEST_TMPDIR/image-blobs
mkdir -p "$_image_dir"

# put_file REPO FILE: uploads FILE as a blob of REPO; prints its digest.
put_file() {
  tk put-blob --registry "$TEST_REGISTRY_URL" "$1" "$2"
}

# layer REPO NAME: the layer NAME (bytes "layer NAME"), uploaded; prints its
# digest.
layer() {
  local file=$_image_dir/layer-$2
  printf 'layer %s\n' "$2" >"$file"
  put_file "$1" "$file"
}

# put_manifest_file REPO REF FILE MEDIA_TYPE: puts FILE as REPO:REF (- for by
# digest); keeps a copy by digest for descriptor(); prints the digest.
put_manifest_file() {
  local digest
  digest=$(tk put-manifest --registry "$TEST_REGISTRY_URL" --media-type "$4" "$1" "$2" "$3")
  cp "$3" "$_image_dir/manifest-${digest#sha256:}"
  printf '%s\n' "$4" >"$_image_dir/type-${digest#sha256:}"
  echo "$digest"
}

# image_manifest REPO PLATFORM ANNOTATIONS_JSON LAYER_NAME…: an OCI image
# manifest for PLATFORM (os/arch[/variant]) with those layers, pushed by
# digest; prints its digest.
image_manifest() {
  local repo=$1 platform=$2 annotations=$3
  shift 3
  local os=${platform%%/*} rest=${platform#*/} arch variant=
  arch=${rest%%/*}
  [[ $rest == */* ]] && variant=${rest#*/}
  local layers='[]' diff_ids='[]' name digest size
  for name in "$@"; do
    digest=$(layer "$repo" "$name")
    size=$(wc -c <"$_image_dir/layer-$name")
    layers=$(jq -c --arg d "$digest" --argjson s "$size" \
      '. + [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $d, size: $s}]' <<<"$layers")
    diff_ids=$(jq -c --arg d "$digest" '. + [$d]' <<<"$diff_ids")
  done
  local config=$_image_dir/config-$RANDOM$RANDOM
  jq -c -n --arg os "$os" --arg arch "$arch" --arg variant "$variant" --argjson ids "$diff_ids" \
    '{architecture: $arch, os: $os, rootfs: {type: "layers", diff_ids: $ids}, config: {}}
     + (if $variant == "" then {} else {variant: $variant} end)' >"$config"
  local config_digest
  config_digest=$(put_file "$repo" "$config")
  local manifest=$_image_dir/m-$RANDOM$RANDOM
  jq -n --arg c "$config_digest" --argjson cs "$(wc -c <"$config")" \
    --argjson layers "$layers" --argjson ann "$annotations" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
      layers: $layers}
     + (if $ann == {} then {} else {annotations: $ann} end)' >"$manifest"
  put_manifest_file "$repo" - "$manifest" application/vnd.oci.image.manifest.v1+json
}

# descriptor DIGEST PLATFORM [ANNOTATIONS_JSON]: an index entry for a
# manifest put_manifest_file pushed.
descriptor() {
  local digest=$1 platform=$2 annotations=${3:-'{}'}
  local os=${platform%%/*} rest=${platform#*/} arch variant=
  arch=${rest%%/*}
  [[ $rest == */* ]] && variant=${rest#*/}
  jq -c -n --arg d "$digest" --arg t "$(cat "$_image_dir/type-${digest#sha256:}")" \
    --argjson s "$(wc -c <"$_image_dir/manifest-${digest#sha256:}")" \
    --arg os "$os" --arg arch "$arch" --arg variant "$variant" --argjson ann "$annotations" \
    '{mediaType: $t, digest: $d, size: $s,
      platform: ({architecture: $arch, os: $os} + (if $variant == "" then {} else {variant: $variant} end))}
     + (if $ann == {} then {} else {annotations: $ann} end)'
}

# index REPO TAG DESCRIPTOR_JSON…: an OCI index of those entries, tagged;
# prints its digest.
index() {
  local repo=$1 tag=$2
  shift 2
  local file=$_image_dir/index-$RANDOM$RANDOM
  printf '%s\n' "$@" | jq -s '{schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: .}' >"$file"
  put_manifest_file "$repo" "$tag" "$file" application/vnd.oci.image.index.v1+json
}

# tag_manifest REPO TAG DIGEST: points TAG at a pushed manifest.
tag_manifest() {
  tk put-manifest --registry "$TEST_REGISTRY_URL" --media-type "$(cat "$_image_dir/type-${3#sha256:}")" \
    "$1" "$2" "$_image_dir/manifest-${3#sha256:}" >/dev/null
}

# attestation REPO IMAGE_DIGEST STATEMENT_FILE [PREDICATE_TYPE]: BuildKit's
# attestation manifest for IMAGE_DIGEST (docs/attestations/attestation-storage.md):
# an empty config, the statement as an in-toto layer; prints the index entry.
attestation() {
  local repo=$1 image=$2 statement=$3 predicate=${4:-https://slsa.dev/provenance/v0.2}
  local config=$_image_dir/att-config-$RANDOM
  printf '{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}' >"$config"
  local config_digest statement_digest
  config_digest=$(put_file "$repo" "$config")
  statement_digest=$(put_file "$repo" "$statement")
  local manifest=$_image_dir/att-$RANDOM$RANDOM
  jq -n --arg c "$config_digest" --argjson cs "$(wc -c <"$config")" \
    --arg l "$statement_digest" --argjson ls "$(wc -c <"$statement")" --arg p "$predicate" \
    '{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
      layers: [{mediaType: "application/vnd.in-toto+json", digest: $l, size: $ls,
                annotations: {"in-toto.io/predicate-type": $p}}]}' >"$manifest"
  local digest
  digest=$(put_manifest_file "$repo" - "$manifest" application/vnd.oci.image.manifest.v1+json)
  descriptor "$digest" unknown/unknown \
    "$(jq -c -n --arg d "$image" '{"vnd.docker.reference.digest": $d, "vnd.docker.reference.type": "attestation-manifest"}')"
}

# purl REF TAG PLATFORM: BuildKit's material URI for REF (host/path) at TAG.
purl() {
  local ref=$1 tag=$2 platform=$3
  printf 'pkg:docker/%s@%s?platform=%s' "${ref//:/%3A}" "$tag" "${platform//\//%2F}"
}

# provenance v0.2|v1 FILE SUBJECT_DIGEST MATERIAL_URI=DIGEST…: an in-toto
# statement as BuildKit writes it (docs/attestations/slsa-definitions.md):
# SLSA v0.2 `materials`, or v1 `buildDefinition.resolvedDependencies`.
provenance() {
  local version=$1 file=$2 subject=$3
  shift 3
  local materials='[]' pair
  for pair in "$@"; do
    materials=$(jq -c --arg u "${pair%=*}" --arg d "${pair##*=sha256:}" \
      '. + [{uri: $u, digest: {sha256: $d}}]' <<<"$materials")
  done
  jq -n --arg v "$version" --arg s "${subject#sha256:}" --argjson m "$materials" \
    '{_type: "https://in-toto.io/Statement/v0.1",
      predicateType: "https://slsa.dev/provenance/\($v)",
      subject: [{name: "pkg:docker/app@latest?platform=linux%2Famd64", digest: {sha256: $s}}],
      predicate: (if $v == "v0.2" then
        {builder: {id: ""}, buildType: "https://mobyproject.org/buildkit@v1", materials: $m,
         invocation: {configSource: {entryPoint: "Dockerfile"}, parameters: {frontend: "dockerfile.v0"}},
         metadata: {"https://mobyproject.org/buildkit@v1#metadata": {}}}
      else
        {buildDefinition: {buildType: "https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md",
                           externalParameters: {}, resolvedDependencies: $m},
         runDetails: {builder: {id: ""}, metadata: {}}}
      end)}' >"$file"
}

# run_image OUT ARGS…: `stalebase image ARGS…` without the cache (the tests
# change tags between runs); stdout in OUT, stderr in OUT.err, the exit code
# in RC.
run_image() {
  local out=$1
  shift
  local cache=(--no-cache)
  [[ " $* " == *" --no-cache "* || " $* " == *" --cache-dir "* ]] && cache=()
  RC=0
  "$STALEBASE_BIN" image "${cache[@]}" "$@" >"$out" 2>"$out.err" || RC=$?
}

expect_exit() {
  [[ $RC == "$1" ]] ||
    fail "stalebase image exited $RC, expected $1; stdout: $(cat "$2"); stderr: $(cat "$2.err")"
}

# kinds OUT: "platform kind" per finding.
kinds() {
  jq -r '.findings[] | "\(.platform) \(.kind)"' "$1"
}

[[ ${XDG_CONFIG_HOME:-} == "$TEST_TMPDIR"/* ]] || export XDG_CONFIG_HOME=$TEST_TMPDIR/xdg-config
: >"$TEST_TMPDIR/.stalebase.yaml"

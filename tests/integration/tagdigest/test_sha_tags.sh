#!/usr/bin/env bash
# Tags that begin with "sha" are tags, never digests: resolve, check, pin and update of
# `sha`, `sha-860c190` (docker/metadata-action), `sha256-<hex>` and `sha256-<hex>.sig`
# (cosign) and `sha512-feed` use the digest the registry gives, and a registry that sends
# something else than a digest in Docker-Content-Digest fails that reference: nothing is
# written.
# registry: open
# seed: standard
# lock: tagdigest-repository
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

hex=9f2e1aa$(printf '0%.0s' {1..57})
repo=tagdigest/app
tags=(sha sha-860c190 "sha256-$hex" "sha256-$hex.sig" sha512-feed)
lines=()
for tag in "${tags[@]::4}"; do
  lines+=(--line "image $repo:$tag linux/amd64 seed=$tag")
done
lines+=(--line "index $repo:sha512-feed linux/amd64,linux/arm64/v8 seed=feed")
tk push --registry "$TEST_REGISTRY_URL" --out "$TEST_TMPDIR/pushed" "${lines[@]}" >/dev/null
digest_of() { awk -v want="$repo:$1" '$1 == "tag" && $2 == want { print $3 }' "$TEST_TMPDIR/pushed"; }
host=$TEST_REGISTRY_HOST
for tag in "${tags[@]}"; do
  assert_match "$(digest_of "$tag")" '^sha256:[0-9a-f]{64}$' "pushed $tag"
done

# resolve: each tag's own digest.
refs=()
expected=""
for tag in "${tags[@]}"; do
  refs+=("$host/$repo:$tag")
  expected+="$host/$repo:$tag $(digest_of "$tag")"$'\n'
done
run_stalebase resolve "${refs[@]}"
assert_status 0 "resolve"
assert_eq "${expected%$'\n'}" "$RUN_OUT"

# check: every tag without a digest is unpinned here: a name (`sha`), and hash tags
# (`sha-860c190`, `sha256-<hex>.sig`, `sha512-feed`), which name one build by convention
# only (docs/versions.md); a correct pin does not drift; a wrong one does, with the tag's
# digest.
{
  echo "FROM $host/$repo:sha-860c190"
  echo "FROM $host/$repo:sha"
  echo "FROM $host/$repo:sha256-$hex.sig"
  echo "FROM $host/$repo:sha512-feed@$(digest_of sha512-feed)"
  echo "FROM $host/$repo:sha256-$hex@$(digest_of sha)"
  echo "FROM $host/$repo:sha512-feed"
} >"$TEST_TMPDIR/Dockerfile"
run_stalebase check --cache-dir "$TEST_TMPDIR/cache-check" --format json --fail-on none "$TEST_TMPDIR/Dockerfile"
assert_status 0 "check"
kinds=$(json_field "$RUN_OUT_FILE" '[.findings[] | "\(.line) \(.kind) \(.suggested.digest)"] | sort | join(",")')
assert_eq "1 unpinned $(digest_of sha-860c190),2 unpinned $(digest_of sha),3 unpinned $(digest_of "sha256-$hex.sig"),5 digest-drift $(digest_of "sha256-$hex"),6 unpinned $(digest_of sha512-feed)" "$kinds" "check findings"

# pin: the registry's digests, and a second check finds nothing.
cp "$TEST_TMPDIR/Dockerfile" "$TEST_TMPDIR/Dockerfile.orig"
run_stalebase pin --cache-dir "$TEST_TMPDIR/cache-pin" "$TEST_TMPDIR/Dockerfile"
assert_status 0 "pin"
printf '%s\n' \
  "FROM $host/$repo:sha-860c190@$(digest_of sha-860c190)" \
  "FROM $host/$repo:sha@$(digest_of sha)" \
  "FROM $host/$repo:sha256-$hex.sig@$(digest_of "sha256-$hex.sig")" \
  "FROM $host/$repo:sha512-feed@$(digest_of sha512-feed)" \
  "FROM $host/$repo:sha256-$hex@$(digest_of "sha256-$hex")" \
  "FROM $host/$repo:sha512-feed@$(digest_of sha512-feed)" >"$TEST_TMPDIR/expected"
cmp "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" ||
  fail "pinned file differs: $(diff "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile")"
run_stalebase check --cache-dir "$TEST_TMPDIR/cache-check" --format json --fail-on none "$TEST_TMPDIR/Dockerfile"
assert_eq "0" "$(json_field "$RUN_OUT_FILE" '.findings | length')" "check after pin"

# update: refreshes the drifted pin to the tag's digest, leaves the rest alone.
cp "$TEST_TMPDIR/Dockerfile.orig" "$TEST_TMPDIR/Dockerfile"
run_stalebase update --cache-dir "$TEST_TMPDIR/cache-update" "$TEST_TMPDIR/Dockerfile"
assert_status 0 "update"
printf '%s\n' \
  "FROM $host/$repo:sha-860c190" \
  "FROM $host/$repo:sha" \
  "FROM $host/$repo:sha256-$hex.sig" \
  "FROM $host/$repo:sha512-feed@$(digest_of sha512-feed)" \
  "FROM $host/$repo:sha256-$hex@$(digest_of "sha256-$hex")" \
  "FROM $host/$repo:sha512-feed" >"$TEST_TMPDIR/expected"
cmp "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" ||
  fail "updated file differs: $(diff "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile")"

# A registry that names a tag's digest with something that is not one: an error for that
# reference, with the header's value quoted, never written, never cached.
start_proxy --fault "path=/$repo/manifests/sha-860c190\$,set-header=Docker-Content-Digest:sha-860c190"
run_stalebase resolve "$PROXY_HOST/$repo:sha-860c190" "$PROXY_HOST/$repo:sha"
assert_status 3 "hostile header"
assert_eq "$PROXY_HOST/$repo:sha $(digest_of sha)" "$RUN_OUT"
assert_eq "stalebase: error: $PROXY_HOST/$repo:sha-860c190: the registry sent an invalid Docker-Content-Digest \"sha-860c190\"" \
  "$(grep -v '^stalebase: warning' "$RUN_ERR_FILE")"
printf 'FROM %s\n' "$PROXY_HOST/$repo:sha-860c190" >"$TEST_TMPDIR/Dockerfile"
cp "$TEST_TMPDIR/Dockerfile" "$TEST_TMPDIR/expected"
run_stalebase pin --cache-dir "$TEST_TMPDIR/cache" "$TEST_TMPDIR/Dockerfile"
assert_ne 0 "$RUN_STATUS" "pin through the hostile header"
assert_contains "$RUN_OUT" 'could not check sha-860c190 in '"$PROXY_HOST/$repo"': the registry sent an invalid Docker-Content-Digest "sha-860c190"'
cmp "$TEST_TMPDIR/expected" "$TEST_TMPDIR/Dockerfile" || fail "pin wrote through a hostile header"
assert_eq 0 "$(grep -rl 'sha-860c190"' "$TEST_TMPDIR/cache" 2>/dev/null | xargs -r grep -l '"digest": *"sha-860c190"' | wc -l)" "cached"
echo PASS

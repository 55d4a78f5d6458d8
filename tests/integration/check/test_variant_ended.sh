#!/usr/bin/env bash
# Variants that end (docs/versions.md): php 8.1.33 is the last -fpm-bullseye
# build while 8.1.34 is built for -fpm-bookworm and -fpm-trixie. `check` says
# so in every format (beside patch-available for an older bullseye build),
# with the trixie tag and its digest as the fix of a pinned reference, at
# level warn unless --fail-on names it, and with no request beyond the tag
# list for an unpinned tag; `update` moves across variants only with
# --variant or a rules entry's `variant: true`; `tags` shows the family.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
trixie=$(seed_digest library/php:8.1.34-fpm-trixie)

mkdir pinned
cat >pinned/Dockerfile <<EOF
FROM $R/library/php:8.1.32-fpm-bullseye@$(seed_digest library/php:8.1.32-fpm-bullseye)
FROM $R/library/php:8.1.34-fpm-bookworm
EOF
run_check out.json --format json pinned
expect_exit 1 out.json # patch-available fails by default
assert_eq "1 patch-available fail 8.1.33-fpm-bullseye
1 variant-ended warn 8.1.34-fpm-trixie" \
  "$(jq -r '.findings[] | "\(.line) \(.kind) \(.level) \(.suggested.tag)"' out.json)"
assert_eq "$trixie" "$(jq -r '.findings[] | select(.kind == "variant-ended") | .suggested.digest' out.json)"
assert_eq "the -fpm-bullseye variant of 8.1 no longer gets builds: its last is 8.1.33-fpm-bullseye; the newest build of 8.1 is 8.1.34-fpm-bookworm, 8.1.34-fpm-trixie" \
  "$(jq -r '.findings[] | select(.kind == "variant-ended") | .message' out.json)"

# Every format names it.
for format in table markdown github sarif; do
  run_check "out.$format" --format "$format" pinned
  expect_exit 1 "out.$format"
  assert_contains "$(cat "out.$format")" "variant-ended"
  assert_contains "$(cat "out.$format")" "8.1.34-fpm-trixie"
done
assert_eq "warning" "$(jq -r '.runs[0].results[] | select(.ruleId == "variant-ended") | .level' out.sarif)"

# Level warn by default; --fail-on raises it. No HEAD for an unpinned tag: the
# tag list decides.
printf 'FROM %s\n' "$R/library/php:8.1.33-fpm-bullseye" >Dockerfile
start_proxy
sed "s|$R|$PROXY_HOST|" Dockerfile >proxied.Dockerfile
: >"$PROXY_LOG"
run_check plain.json --no-cache --format json proxied.Dockerfile
expect_exit 0 plain.json
assert_eq "variant-ended warn" "$(jq -r '.findings[] | "\(.kind) \(.level)"' plain.json)"
assert_eq 0 "$(count_requests "$PROXY_LOG" 'HEAD /v2/library/php/manifests/')" "HEADs"
assert_eq 1 "$(count_requests "$PROXY_LOG" 'GET /v2/library/php/tags/list')" "tag lists"
run_check failing.json --no-cache --format json --fail-on variant proxied.Dockerfile
expect_exit 1 failing.json
assert_eq "variant-ended fail" "$(jq -r '.findings[] | "\(.kind) \(.level)"' failing.json)"

# update: across variants only when asked.
cp Dockerfile a.Dockerfile
"$STALEBASE_BIN" update --cache-dir cache a.Dockerfile >/dev/null || fail "update failed"
assert_eq "FROM $R/library/php:8.1.33-fpm-bullseye" "$(cat a.Dockerfile)" "update without --variant"
"$STALEBASE_BIN" update --variant --cache-dir cache a.Dockerfile >/dev/null || fail "update --variant failed"
assert_eq "FROM $R/library/php:8.1.34-fpm-trixie" "$(cat a.Dockerfile)" "update --variant"
printf 'FROM %s\n' "$R/library/php:8.1.32-fpm-bullseye@$(seed_digest library/php:8.1.32-fpm-bullseye)" >b.Dockerfile
cat >rules.yaml <<YAML
rules:
  - image: $R/library/php
    variant: true
YAML
"$STALEBASE_BIN" update --config rules.yaml --cache-dir cache b.Dockerfile >/dev/null || fail "update with rules failed"
assert_eq "FROM $R/library/php:8.1.34-fpm-trixie@$trixie" "$(cat b.Dockerfile)" "update with variant: true"
# Then nothing is left to say.
run_check after.json --format json b.Dockerfile
expect_exit 0 after.json
assert_eq 0 "$(jq '.findings | length' after.json)"

# tags: the family of the line.
"$STALEBASE_BIN" tags "$R/library/php:8.1.33-fpm-bullseye" >tags.txt || fail "tags failed"
assert_contains "$(cat tags.txt)" "OS variants of the line, oldest release first (last build):
  8.1.33-fpm-bullseye  ended, current variant
  8.1.34-fpm-bookworm  newest patch
  8.1.34-fpm-trixie    newest patch"
"$STALEBASE_BIN" tags --format json "$R/library/php:8.1.33-fpm-bullseye" >tags.json ||
  fail "tags --format json failed"
assert_eq "-fpm-bullseye true true,-fpm-bookworm false false,-fpm-trixie false false" \
  "$(jq -r '[.variants[] | "\(.suffix) \(.current) \(.ended)"] | join(",")' tags.json)"
echo PASS

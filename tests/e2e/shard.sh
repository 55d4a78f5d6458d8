#!/usr/bin/env bash
# End-to-end tests of `check --shard I/N` (offline, with an empty cache: every
# reference of the shard's files is reported as not checked, which names them).
source "$(dirname "$0")/lib.sh"

make_tree() { # five Dockerfiles, one image each
  local i
  for i in 1 2 3 4 5; do
    mkdir -p "$WORK/tree/s$i"
    echo "FROM 127.0.0.1:9/team/app$i:1.0.0" >"$WORK/tree/s$i/Dockerfile"
  done
}

# check_shard SHARD: the repositories the shard's run looked at, one per line
check_shard() {
  run check --offline --cache-dir "$WORK/cache" --format json --shard "$1" "$WORK/tree"
  expect_code 3
  jq_out '[.errors[].reference] | sort | .[]' | sed 's#.*/team/\(app[0-9]*\):.*#\1#'
}

test_shards_split_the_files() {
  make_tree
  [ "$(check_shard 1/2 | paste -sd' ')" = "app1 app3 app5" ] || fail "shard 1/2"
  [ "$(check_shard 2/2 | paste -sd' ')" = "app2 app4" ] || fail "shard 2/2"
  [ "$(check_shard 1/1 | paste -sd' ')" = "app1 app2 app3 app4 app5" ] || fail "shard 1/1"
  [ "$(check_shard 3/3 | paste -sd' ')" = "app3" ] || fail "shard 3/3"
}

test_empty_shard() {
  make_tree
  run check --offline --cache-dir "$WORK/cache" --format json --shard 7/8 "$WORK/tree"
  expect_code 0
  [ "$(jq_out '.findings | length')" = 0 ] || fail "findings in an empty shard"
}

test_invalid_shard() {
  make_tree
  for value in 0/2 3/2 2 a/b 1/0; do
    run check --offline --shard "$value" "$WORK/tree"
    expect_code 2
    expect_err_has "invalid --shard \"$value\": expected I/N with 1 <= I <= N, such as 2/4"
  done
}

run_case "$@"

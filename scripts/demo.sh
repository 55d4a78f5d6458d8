#!/usr/bin/env bash
# The README's first command: set up, build, start a local registry (Debian's docker-registry
# on a free loopback port) holding the images examples/ builds on, and run stalebase's main
# job, `stalebase check examples/`, against it: the Dockerfiles, a Compose file
# (examples/webapp/compose.yaml) and a GitHub workflow (examples/.github/workflows/ci.yml).
# The registry is stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh
build=build/demo
# The test tools (the image pusher) are built too; the tests themselves are not run.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTALEBASE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target stalebase stalebase_testkit
export STALEBASE_TESTKIT=$root/$build/tests/tools/stalebase_testkit
stalebase=$root/$build/stalebase

state=$(mktemp -d "${TMPDIR:-/tmp}/stalebase-demo.XXXXXX")
# shellcheck source=tests/integration/examples-registry.sh
source tests/integration/examples-registry.sh
stop_registry() {
  stop_examples_registry "$state"
  rm -rf "$state"
}
trap stop_registry EXIT
start_examples_registry "$state"
echo "pushed $(grep -c '^tag ' "$state/pushed.txt") tags to the local registry at $TEST_REGISTRY_URL"

echo
echo "\$ stalebase refs examples/"
"$stalebase" refs examples/
echo
echo "\$ stalebase check examples/   (with --registry-mirror HOST=$TEST_REGISTRY_URL for each registry)"
set +e
"$stalebase" check --cache-dir "$state/cache" "${EXAMPLES_MIRRORS[@]}" examples/
code=$?
set -e
echo
echo "stalebase check exited with $code (1: stale by policy, as expected for these examples)"
[ "$code" -eq 1 ] || exit 1

# A deployed image whose base was rebuilt since: shop/api:1.4 was built on
# shop/base:1.0 (its OCI base annotations say so); 1.0 has been rebuilt.
export TEST_TMPDIR=$state/image
mkdir -p "$TEST_TMPDIR"
tk() { "$STALEBASE_TESTKIT" "$@"; }
# shellcheck disable=SC1091
source tests/integration/image/helpers.sh
R=$TEST_REGISTRY_HOST
old=$(image_manifest shop/base linux/amd64 '{}' base-1.0)
old_index=$(index shop/base 1.0 "$(descriptor "$old" linux/amd64)")
api=$(image_manifest shop/api linux/amd64 \
  "$(jq -c -n --arg n "$R/shop/base:1.0" --arg d "$old_index" \
    '{"org.opencontainers.image.base.name": $n, "org.opencontainers.image.base.digest": $d}')" \
  base-1.0 api-1.4)
tag_manifest shop/api 1.4 "$api"
new=$(image_manifest shop/base linux/amd64 '{}' base-1.0-security-fix)
index shop/base 1.0 "$(descriptor "$new" linux/amd64)" >/dev/null
echo
echo "\$ stalebase image $R/shop/api:1.4"
set +e
(cd "$TEST_TMPDIR" && "$stalebase" image --cache-dir "$state/cache" "$R/shop/api:1.4")
code=$?
set -e
echo
echo "stalebase image exited with $code (1: the base was rebuilt since the image was built)"
[ "$code" -eq 1 ]

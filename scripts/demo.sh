#!/usr/bin/env bash
# The README's first command: set up, build, start a local registry (Debian's docker-registry
# on a free loopback port) holding the images examples/ builds on, and run stalebase's main
# job, `stalebase check examples/`, against it. The registry is stopped afterwards.
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
[ "$code" -eq 1 ]

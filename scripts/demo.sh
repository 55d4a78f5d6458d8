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
stop_registry() {
  bash tests/integration/registry-fixture.sh stop open "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap stop_registry EXIT
bash tests/integration/registry-fixture.sh start open "$state"
# shellcheck disable=SC1091
source "$state/env"
"$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec examples/demo.seed \
  --out "$state/pushed.txt" >/dev/null
echo "pushed $(grep -c '^tag ' "$state/pushed.txt") tags to the local registry at $TEST_REGISTRY_URL"

# Every registry the examples name is served by the local one.
mirrors=()
for host in docker.io gcr.io ghcr.io mcr.microsoft.com; do
  mirrors+=(--registry-mirror "$host=$TEST_REGISTRY_URL")
done

echo
echo "\$ stalebase refs examples/"
"$stalebase" refs examples/
echo
echo "\$ stalebase check examples/   (with --registry-mirror HOST=$TEST_REGISTRY_URL for each registry)"
set +e
"$stalebase" check --cache-dir "$state/cache" "${mirrors[@]}" examples/
code=$?
set -e
echo
echo "stalebase check exited with $code (1: stale by policy, as expected for these examples)"
[ "$code" -eq 1 ]

#!/usr/bin/env bash
# The README's test command: install what is needed, build with warnings as errors, and run
# the whole test suite with CTest. Extra arguments go to ctest (e.g. -L unit, -R refs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
build=${STALEBASE_BUILD_DIR:-build/test}

bash scripts/install-deps.sh

# BuildKit's conformance files and the real tag lists live in ../shared; the tests that read
# them are registered only when it is given, and CI must have it.
shared=${STALEBASE_SHARED_DIR:-$root/../shared}
shared_opt=()
if [ -d "$shared" ]; then
  shared_opt=(-DSTALEBASE_SHARED_DIR="$(cd "$shared" && pwd)")
elif [ "${CI:-}" = "true" ]; then
  echo "test.sh: error: shared folder \"$shared\" is missing" >&2
  exit 1
else
  echo "test.sh: warning: no shared folder at \"$shared\"; conformance and tag-list tests are not run" >&2
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTALEBASE_WARNINGS_AS_ERRORS=ON "${shared_opt[@]}" ${STALEBASE_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
cd "$build"
ctest --output-on-failure -j "$jobs" "$@"

#!/usr/bin/env bash
# The README's first command: set up, build, and run stalebase's main job on the example
# Dockerfiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTALEBASE_BUILD_TESTS=OFF >/dev/null
cmake --build build/demo -j "$(nproc 2>/dev/null || echo 2)"
echo
echo "\$ stalebase refs examples/"
./build/demo/stalebase refs examples/

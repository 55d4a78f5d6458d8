#!/usr/bin/env bash
# Sourced by scripts/demo.sh and the package test: a local registry holding the images
# examples/ builds on (examples/demo.seed), so that `stalebase check examples/` runs offline.
#
#   start_examples_registry STATE_DIR  starts an open registry (registry-fixture.sh) keeping its
#                                      state in STATE_DIR, pushes examples/demo.seed with
#                                      $STALEBASE_TESTKIT, and sets TEST_REGISTRY_URL and
#                                      EXAMPLES_MIRRORS (a --registry-mirror HOST=URL per
#                                      registry the examples name, all the local one)
#   stop_examples_registry STATE_DIR   stops it; safe to call when it did not start
examples_source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

start_examples_registry() {
  local state=$1
  bash "$examples_source_dir/tests/integration/registry-fixture.sh" start open "$state"
  # shellcheck disable=SC1091
  source "$state/env"
  "$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" \
    --spec "$examples_source_dir/examples/demo.seed" --out "$state/pushed.txt" >/dev/null
  EXAMPLES_MIRRORS=()
  local host
  for host in docker.io gcr.io ghcr.io mcr.microsoft.com; do
    EXAMPLES_MIRRORS+=(--registry-mirror "$host=$TEST_REGISTRY_URL")
  done
}

stop_examples_registry() {
  bash "$examples_source_dir/tests/integration/registry-fixture.sh" stop open "$1" >/dev/null 2>&1 || true
}

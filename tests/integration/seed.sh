#!/usr/bin/env bash
# Seeds a started test registry: seed.sh MODE SPEC_NAME
# Pushes tests/integration/seed/SPEC_NAME.seed with stalebase_testkit push and
# writes the pushed digests to $STALEBASE_INTEGRATION_STATE/MODE/seed-SPEC_NAME.txt.
set -euo pipefail
mode=$1
spec=$2
state=$STALEBASE_INTEGRATION_STATE/$mode
[[ -f $state/env ]] || { echo "seed: the $mode registry is not running ($state/env is missing)" >&2; exit 1; }
# shellcheck disable=SC1091
source "$state/env"
args=(push --registry "$TEST_REGISTRY_URL" --spec "$STALEBASE_INTEGRATION_DIR/seed/$spec.seed"
  --out "$state/seed-$spec.txt")
[[ -n $TEST_REGISTRY_CREDENTIALS_FILE ]] && args+=(--credentials-file "$TEST_REGISTRY_CREDENTIALS_FILE")
start=$(date +%s.%N)
"$STALEBASE_TESTKIT" "${args[@]}" >/dev/null
end=$(date +%s.%N)
echo "seed: pushed $(grep -c '^tag ' "$state/seed-$spec.txt") tags of \"$spec\" to the $mode registry in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s"

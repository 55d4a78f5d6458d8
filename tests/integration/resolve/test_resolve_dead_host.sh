#!/usr/bin/env bash
# A host where nothing listens is asked once per scheme for the whole run: a refused
# connection is not retried with backoff, and later look-ups to that host fail at once
# without a new connection. Four references to a dead registry fail together in one
# attempt per scheme, each failure said once; a dead mirror in front of four references
# costs one attempt and the look-ups go to the registry, well within a deadline the old
# retries (1 + 2 + 4 s of backoff) would cross.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
use_registry open

dead_port=$(tk free-port)
dead=127.0.0.1:$dead_port
refs=()
for tag in 3.19.0 3.19.1 3.20.0 latest; do
  refs+=("library/alpine:$tag")
done

# A dead registry: every reference fails, each said once, after one connection attempt
# per scheme (loopback tries https, then plain http).
run_stalebase --verbose resolve --deadline 3s "${refs[@]/#/$dead/}"
assert_status 3 "dead registry"
assert_eq "" "$RUN_OUT"
assert_eq 4 "$(grep -c "^stalebase: error: $dead/library/alpine:[^ ]*: failed to connect to 127.0.0.1 port $dead_port" "$RUN_ERR_FILE")" \
  "one error per reference: $RUN_ERR"
assert_eq 0 "$(grep -c 'run deadline reached' "$RUN_ERR_FILE")" "no deadline reached"
assert_eq 1 "$(grep -c "^stalebase: debug: GET https://$dead/v2/: " "$RUN_ERR_FILE")" "https attempts"
assert_eq 1 "$(grep -c "^stalebase: debug: GET http://$dead/v2/: " "$RUN_ERR_FILE")" "http attempts"
assert_eq 2 "$(grep -c "^stalebase: debug: [A-Z]* [a-z]*://$dead/" "$RUN_ERR_FILE")" "attempts in all"

# A dead mirror in front of four references: one attempt, then the registry answers all.
expected=""
for ref in "${refs[@]}"; do
  expected+="$TEST_REGISTRY_HOST/$ref $(seed_digest "$ref")"$'\n'
done
run_stalebase --verbose resolve --deadline 3s --registry-mirror "$TEST_REGISTRY_HOST=http://$dead" \
  "${refs[@]/#/$TEST_REGISTRY_HOST/}"
assert_status 0 "dead mirror"
assert_eq "${expected%$'\n'}" "$RUN_OUT"
assert_eq 1 "$(grep -c "^stalebase: debug: [A-Z]* [a-z]*://$dead/" "$RUN_ERR_FILE")" "attempts at the mirror"
assert_eq 1 "$(grep -c "^stalebase: warning: .*mirror http://$dead failed" "$RUN_ERR_FILE")" \
  "the fallback is said once: $RUN_ERR"
echo PASS

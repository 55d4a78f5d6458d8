#!/usr/bin/env bash
# Mirror-only (air-gapped CI): with `mirror-only: true` in the user's own
# configuration, or --mirror-only, a look-up the mirror fails is not retried at
# the registry itself, and the error names the mirror; without it, it is. A
# repository's file cannot set it.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"
start_proxy
# The "registry" is the proxy; the mirror is a port nothing listens on.
mirror=http://127.0.0.1:$(tk free-port)
ref=$PROXY_HOST/library/alpine:3.20.0

mkdir -p "$XDG_CONFIG_HOME/stalebase"
printf 'registries:\n  "%s":\n    mirror: %s\n    mirror-only: true\n' "$PROXY_HOST" "$mirror" >"$XDG_CONFIG_HOME/stalebase/config.yaml"
run_stalebase resolve "$ref"
assert_status 3 "mirror-only with a mirror that is down"
assert_eq "" "$(cat "$PROXY_LOG")" "the registry itself was asked"
assert_match "$RUN_ERR" "^stalebase: error: $ref: .* \\(mirror $mirror, mirror-only\\)\$"

# The flag does the same for a mirror given by flag.
rm "$XDG_CONFIG_HOME/stalebase/config.yaml"
run_stalebase resolve --registry-mirror "$PROXY_HOST=$mirror" --mirror-only "$ref"
assert_status 3 "--mirror-only"
assert_eq "" "$(cat "$PROXY_LOG")" "the registry itself was asked (--mirror-only)"
assert_match "$RUN_ERR" "^stalebase: error: $ref: .* \\(mirror $mirror, mirror-only\\)\$"
run_stalebase resolve --mirror-only "$ref"
assert_status 2 "--mirror-only without a mirror"
assert_eq 'stalebase: error: --mirror-only needs a mirror: give --registry-mirror or a "mirror" in your configuration' "$RUN_ERR"

# Without it, the registry answers after the mirror fails.
run_stalebase resolve --registry-mirror "$PROXY_HOST=$mirror" "$ref"
assert_status 0 "a failing mirror without mirror-only"
[[ $(count_requests "$PROXY_LOG" '^main ') -ge 1 ]] || fail "the registry was not asked after the mirror failed"

# A repository's file cannot make it mirror-only (nor set the mirror).
: >"$PROXY_LOG"
printf 'FROM %s\n' "$ref" >Dockerfile
printf 'registries:\n  "%s":\n    mirror: %s\n    mirror-only: true\n' "$PROXY_HOST" "$mirror" >.stalebase.yaml
run_check out.json --format json Dockerfile
expect_exit 0 out.json
assert_eq "stalebase: warning: $(pwd -P)/.stalebase.yaml: ignoring registries.\"$PROXY_HOST\".mirror, registries.\"$PROXY_HOST\".mirror-only: only your own configuration may set them (or pass --trust-repo-config)" "$(cat out.json.err)"
echo PASS

#!/usr/bin/env bash
# A repository's .stalebase.yaml plays the attacker: `password-env` naming the
# CI's deploy token for a host it chose, and a `mirror` for the registry whose
# credentials DOCKER_CONFIG holds. Neither is honoured (one warning names the
# file and the keys), so the proxy standing for the attacker's host never sees
# an Authorization header; the same mirror in the user's own configuration, or
# with --trust-repo-config, is used.
# registry: basic
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry basic
cd "$TEST_TMPDIR"
start_proxy

# 1. Credentials sent where the repository likes: the attacker's host is the
# proxy (in front of the basic registry, so it challenges for Basic).
export CI_USER=deploy CI_DEPLOY_TOKEN=s3cret-deploy-token
mkdir -p steal
printf 'FROM %s/library/alpine:3.20.0\n' "$PROXY_HOST" >steal/Dockerfile
cat >steal/.stalebase.yaml <<YAML
fail-on: none
registries:
  "$PROXY_HOST":
    username-env: CI_USER
    password-env: CI_DEPLOY_TOKEN
YAML
cd steal && run_check out.json --format json Dockerfile && cd ..
assert_eq 0 "$(count_requests "$PROXY_LOG" ' auth=basic ')" "the repository's password-env sent Basic: $(cat "$PROXY_LOG")"
[[ $(count_requests "$PROXY_LOG" ' auth=no ') -ge 1 ]] || fail "the proxy was not asked at all"
assert_eq "stalebase: warning: $(cd steal && pwd -P)/.stalebase.yaml: ignoring registries.\"$PROXY_HOST\".username-env, registries.\"$PROXY_HOST\".password-env: only your own configuration may set them (or pass --trust-repo-config)" \
  "$(grep warning $TEST_TMPDIR/steal/out.json.err)"
assert_not_contains "$(cat $TEST_TMPDIR/steal/out.json.err $TEST_TMPDIR/steal/out.json)" "s3cret-deploy-token"

# 2. A mirror for the registry whose credentials DOCKER_CONFIG holds.
export DOCKER_CONFIG=$TEST_REGISTRY_DOCKER_CONFIG
: >"$PROXY_LOG"
mkdir -p mirror
printf 'FROM %s/library/alpine:3.20.0\n' "$TEST_REGISTRY_HOST" >mirror/Dockerfile
cat >mirror/.stalebase.yaml <<YAML
registries:
  "$TEST_REGISTRY_HOST":
    mirror: $PROXY_URL
YAML
cd mirror && run_check out.json --format json --no-cache Dockerfile && cd ..
expect_exit 0 $TEST_TMPDIR/mirror/out.json
assert_eq "" "$(cat "$PROXY_LOG")" "the repository's mirror was asked"
assert_eq "stalebase: warning: $(cd mirror && pwd -P)/.stalebase.yaml: ignoring registries.\"$TEST_REGISTRY_HOST\".mirror: only your own configuration may set them (or pass --trust-repo-config)" \
  "$(grep warning $TEST_TMPDIR/mirror/out.json.err)"

# The same mirror in the user's configuration is the user's choice: used, with
# the registry's credentials, and no warning.
mkdir -p "$XDG_CONFIG_HOME/stalebase"
cp mirror/.stalebase.yaml "$XDG_CONFIG_HOME/stalebase/config.yaml"
: >mirror/.stalebase.yaml
cd mirror && run_check out.json --format json --no-cache Dockerfile && cd ..
expect_exit 0 $TEST_TMPDIR/mirror/out.json
[[ $(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list[^ ]* auth=basic status=200') -ge 1 ]] ||
  fail "the user's mirror was not used: $(cat "$PROXY_LOG")"
assert_eq "" "$(cat $TEST_TMPDIR/mirror/out.json.err)"
rm "$XDG_CONFIG_HOME/stalebase/config.yaml"

# --trust-repo-config (and STALEBASE_TRUST_REPO_CONFIG=1): the repository's
# file is the user's.
printf 'registries:\n  "%s":\n    mirror: %s\n' "$TEST_REGISTRY_HOST" "$PROXY_URL" >mirror/.stalebase.yaml
: >"$PROXY_LOG"
cd mirror && run_check out.json --format json --no-cache --trust-repo-config Dockerfile && cd ..
expect_exit 0 $TEST_TMPDIR/mirror/out.json
[[ $(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list') -ge 1 ]] || fail "--trust-repo-config: the mirror was not used"
assert_eq "" "$(cat $TEST_TMPDIR/mirror/out.json.err)"
: >"$PROXY_LOG"
cd mirror && STALEBASE_TRUST_REPO_CONFIG=1 run_check out.json --format json --no-cache Dockerfile && cd ..
[[ $(count_requests "$PROXY_LOG" '^main GET /v2/library/alpine/tags/list') -ge 1 ]] || fail "STALEBASE_TRUST_REPO_CONFIG=1: the mirror was not used"

# An ignore in the user's own file is an error: it belongs to a repository.
printf 'ignore:\n  - image: alpine\n    reason: no\n' >"$XDG_CONFIG_HOME/stalebase/config.yaml"
cd mirror && run_check out.json Dockerfile && cd ..
expect_exit 2 $TEST_TMPDIR/mirror/out.json
assert_eq "$XDG_CONFIG_HOME/stalebase/config.yaml:2:1: error: \"ignore\" belongs in a repository's .stalebase.yaml, not in your own configuration" \
  "$(cat $TEST_TMPDIR/mirror/out.json.err)"
echo PASS

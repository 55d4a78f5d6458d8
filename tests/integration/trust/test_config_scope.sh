#!/usr/bin/env bash
# Which configuration applies: `check mono/tools` from the parent applies
# mono/tools/.stalebase.yaml (found from the checked path, not the current
# folder); PATHs with different files are an error; `resolve`, `tags` and
# `refs` honour the configuration as `check` does, under the same trust rules
# (the user's mirror is used, a repository's is not).
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/lookup.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
cd "$TEST_TMPDIR"
start_proxy
R=$TEST_REGISTRY_HOST

# 1. From the parent, the checked folder's file applies.
mkdir -p mono/tools mono/web
printf 'FROM %s/library/alpine:3.19.0\n' "$R" | tee mono/tools/Dockerfile >mono/web/Dockerfile
echo 'fail-on: none' >mono/tools/.stalebase.yaml
echo 'fail-on: [minor]' >mono/web/.stalebase.yaml
run_check out.json --format json mono/tools
expect_exit 0 out.json
run_check out.json --format json mono/web/Dockerfile
expect_exit 1 out.json
run_check out.json mono/tools mono/web
expect_exit 2 out.json
assert_eq "stalebase: error: \"mono/tools\" and \"mono/web\" have different configuration files (\"$(cd mono/tools && pwd -P)/.stalebase.yaml\" and \"$(cd mono/web && pwd -P)/.stalebase.yaml\"): check them in separate runs, or name one with --config" \
  "$(cat out.json.err)"

# 2. resolve and tags: a registry only reachable through the user's mirror
# (nothing listens on port 1).
mkdir -p "$XDG_CONFIG_HOME/stalebase"
printf 'registries:\n  "127.0.0.1:1":\n    mirror: %s\n' "$PROXY_URL" >"$XDG_CONFIG_HOME/stalebase/config.yaml"
run_stalebase resolve 127.0.0.1:1/library/alpine:3.20.0
assert_status 0 "resolve through the user's mirror"
assert_eq "127.0.0.1:1/library/alpine:3.20.0 $(seed_digest library/alpine:3.20.0)" "$RUN_OUT"
run_stalebase tags --all 127.0.0.1:1/library/alpine
assert_status 0 "tags through the user's mirror"
assert_contains "$RUN_OUT" "3.19.1"
[[ $(count_requests "$PROXY_LOG" '^main ') -ge 2 ]] || fail "the mirror was not asked: $(cat "$PROXY_LOG")"

# The same mirror in a repository's file is not used (and said).
mv "$XDG_CONFIG_HOME/stalebase/config.yaml" repo.yaml
mkdir -p repo && mv repo.yaml repo/.stalebase.yaml
: >"$PROXY_LOG"
cd repo
run_stalebase resolve 127.0.0.1:1/library/alpine:3.20.0
cd ..
assert_status 3 "resolve with a repository's mirror"
assert_eq 0 "$(count_requests "$PROXY_LOG" '^main ')" "the repository's mirror was asked"
assert_contains "$RUN_ERR" "stalebase: warning: $(cd repo && pwd -P)/.stalebase.yaml: ignoring registries.\"127.0.0.1:1\".mirror: only your own configuration may set them (or pass --trust-repo-config)"

# 3. refs: the configuration's build-args.
mkdir -p args
printf 'ARG BASE\nFROM ${BASE}\n' >args/Dockerfile
printf 'build-args:\n  BASE: %s/library/python:3.12.1-slim\n' "$R" >args/.stalebase.yaml
run_stalebase refs --format json args
assert_status 0 "refs"
assert_contains "$RUN_OUT" "$R/library/python:3.12.1-slim"
echo PASS

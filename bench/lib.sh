# Shared by the registry benchmarks (resolve.sh, ratelimit.sh): sourced from the repository's
# root with `root` set. Everything stays on 127.0.0.1.

# bench_binaries BUILD_DIR: $STALEBASE_BIN and $STALEBASE_TESTKIT, built (RelWithDebInfo) in
# BUILD_DIR unless both are set; exports STALEBASE_TESTKIT.
bench_binaries() {
  if [[ -z ${STALEBASE_BIN:-} || -z ${STALEBASE_TESTKIT:-} ]]; then
    cmake -S . -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$1" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_testkit
    STALEBASE_BIN=$root/$1/stalebase
    STALEBASE_TESTKIT=$root/$1/tests/tools/stalebase_testkit
  fi
  export STALEBASE_TESTKIT
}

# bench_registry OUT: a fresh OUT (with OUT/home) and an open docker-registry whose env
# (TEST_REGISTRY_URL…) is sourced; it and the proxy are stopped when the script exits.
bench_registry() {
  out=$1
  rm -rf "$out"
  mkdir -p "$out/home"
  state=$out/registry
  proxy_pid=""
  trap bench_cleanup EXIT
  bash tests/integration/registry-fixture.sh start open "$state" >/dev/null
  # shellcheck disable=SC1091
  source "$state/env"
}

bench_cleanup() {
  [[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null || true
  bash tests/integration/registry-fixture.sh stop open "$state" >/dev/null 2>&1 || true
}

# bench_seed: a dozen repositories bench/appN, five tags each (multi-platform OCI indexes,
# Docker manifest lists and single-platform manifests), pushed; what was pushed in
# $out/seed.txt.
bench_seed() {
  local spec=$out/bench.seed i v repo
  : >"$spec"
  for i in $(seq 1 12); do
    repo=bench/app$i
    for v in 1.0.0 1.0.1 1.1.0 2.0.0 2.1.0; do
      case $((i % 3)) in
      0) echo "index $repo:$v linux/amd64,linux/arm64/v8 seed=$i-$v" ;;
      1) echo "index $repo:$v linux/amd64,linux/arm64/v8,linux/arm/v7 type=docker seed=$i-$v" ;;
      2) echo "image $repo:$v linux/amd64 seed=$i-$v" ;;
      esac >>"$spec"
    done
  done
  "$STALEBASE_TESTKIT" push --registry "$TEST_REGISTRY_URL" --spec "$spec" --out "$out/seed.txt" >/dev/null 2>&1
}

# bench_proxy LATENCY [PROXY OPTIONS…]: the testkit proxy in front of the registry, logging
# to $out/proxy.log; sources its env (PROXY_HOST…).
bench_proxy() {
  local latency=$1
  shift
  "$STALEBASE_TESTKIT" proxy --upstream "$TEST_REGISTRY_URL" --latency "$latency" --log "$out/proxy.log" \
    "$@" --env-file "$out/proxy.env" --exit-with-parent --max-lifetime 3600 </dev/null >"$out/proxy.out" 2>&1 &
  proxy_pid=$!
  for _ in $(seq 1 100); do [[ -s $out/proxy.env ]] && break; sleep 0.05; done
  # shellcheck disable=SC1091
  source "$out/proxy.env"
}

# No credentials, registries.conf or proxies of the machine's own.
bench_isolate() {
  export HOME=$out/home XDG_RUNTIME_DIR=$out/home XDG_CONFIG_HOME=$out/home/.config
  unset DOCKER_CONFIG REGISTRY_AUTH_FILE DOCKER_AUTH_CONFIG HTTP_PROXY HTTPS_PROXY ALL_PROXY \
    http_proxy https_proxy all_proxy NO_PROXY no_proxy
}

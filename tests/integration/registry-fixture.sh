#!/usr/bin/env bash
# Starts or stops one test registry for the integration tests.
#
#   registry-fixture.sh start MODE STATE_DIR    MODE = open | basic | token
#   registry-fixture.sh stop MODE STATE_DIR
#
# start runs Debian's docker-registry on a free 127.0.0.1 port with its storage
# in a fresh folder under /dev/shm (or STALEBASE_FIXTURE_STORAGE_ROOT, or
# STATE_DIR when there is no tmpfs), configured open, with htpasswd Basic auth, or with token
# auth (a stalebase_testkit token server, reached through a front proxy on the
# registry's own host:port at /token), waits until GET /v2/ answers, and writes
# STATE_DIR/env for the tests to source (variables: tests/integration/README.md).
# stop ends every process start began and removes the storage; logs stay.
# Every process also ends by itself after STALEBASE_FIXTURE_MAX_SECONDS (1800).
set -euo pipefail

die() {
  echo "registry-fixture: error: $*" >&2
  exit 1
}

[[ $# -eq 3 ]] || die "usage: registry-fixture.sh start|stop open|basic|token STATE_DIR"
action=$1
mode=$2
state=$3
case $mode in
open | basic | token) ;;
*) die "unknown mode \"$mode\" (expected open, basic or token)" ;;
esac

testkit=${STALEBASE_TESTKIT:-$(command -v stalebase_testkit || true)}
registry_bin=${STALEBASE_DOCKER_REGISTRY:-/usr/bin/docker-registry}
max_lifetime=${STALEBASE_FIXTURE_MAX_SECONDS:-1800}
log_level=${STALEBASE_FIXTURE_LOG_LEVEL:-warn}

stop() {
  [[ -f $state/pids ]] || return 0
  local pid pids=()
  while read -r pid; do
    [[ -n $pid ]] && pids+=("$pid")
  done <"$state/pids"
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  local alive
  for _ in $(seq 1 50); do
    alive=()
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive+=("$pid")
    done
    [[ ${#alive[@]} -eq 0 ]] && break
    sleep 0.1
  done
  for pid in "${alive[@]}"; do
    echo "registry-fixture: process $pid ignored SIGTERM, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$state/pids"
  if [[ -f $state/storage-path ]]; then
    rm -rf "$(cat "$state/storage-path")"
    rm -f "$state/storage-path"
  fi
  rm -f "$state/token-key.pem"
}

# Waits until FILE exists and holds a port, while PID lives.
wait_port_file() {
  local file=$1 pid=$2
  for _ in $(seq 1 100); do
    if [[ -s $file ]]; then
      cat "$file"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Starts a command in its own session, with no terminal and no inherited
# output (CTest waits for its pipes to close), and records its pid.
start_background() {
  local log=$1
  shift
  setsid "$@" </dev/null >>"$log" 2>&1 &
  echo $! >>"$state/pids"
  last_pid=$!
}

start() {
  [[ -x $registry_bin ]] || die "docker-registry not found at \"$registry_bin\" (install Debian's docker-registry package)"
  [[ -n $testkit && -x $testkit ]] || die "stalebase_testkit not found (set STALEBASE_TESTKIT)"
  stop
  rm -rf "$state"
  mkdir -p "$state"
  # The storage goes to tmpfs when there is one: a registry writes a few files
  # per tag, and tens of thousands of small files are slow to write and to
  # remove on a busy disk.
  local storage_root=${STALEBASE_FIXTURE_STORAGE_ROOT:-}
  if [[ -z $storage_root ]]; then
    storage_root=$state
    [[ -d /dev/shm && -w /dev/shm ]] && storage_root=/dev/shm
  fi
  local storage
  storage=$(mktemp -d "$storage_root/stalebase-registry-XXXXXX")
  echo "$storage" >"$state/storage-path"
  trap 'echo "registry-fixture: start failed, stopping what started" >&2; stop' ERR

  local user="" password="" credentials=""
  if [[ $mode != open ]]; then
    user=stalebase
    password=$(openssl rand -hex 12)
    credentials=$state/credentials
    (umask 077 && printf '%s:%s\n' "$user" "$password" >"$credentials")
    mkdir -p "$state/docker"
    local auth
    auth=$(printf '%s:%s' "$user" "$password" | base64 -w0)
    # Filled in below, once the port is known.
    echo "$auth" >"$state/docker/.auth"
  fi

  local token_port="" service=stalebase-test-registry issuer=stalebase-test-token-issuer
  if [[ $mode == basic ]]; then
    printf '%s\n' "$password" | htpasswd -B -i -c "$state/htpasswd" "$user" 2>/dev/null
  elif [[ $mode == token ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
      -subj "/CN=$issuer" -keyout "$state/token-key.pem" \
      -out "$state/token-cert.pem" 2>/dev/null
    start_background "$state/token-server.out" "$testkit" token-server \
      --key "$state/token-key.pem" --cert "$state/token-cert.pem" \
      --issuer "$issuer" --service "$service" --users-file "$credentials" \
      --port-file "$state/token.port" --log "$state/token.log" \
      --max-lifetime "$max_lifetime"
    token_port=$(wait_port_file "$state/token.port" "$last_pid") ||
      die "the token server did not start: $(cat "$state/token-server.out")"
  fi

  local port="" front_port="" ready=no
  for attempt in 1 2 3 4 5; do
    port=$("$testkit" free-port)
    local public_port=$port
    local auth_config=""
    if [[ $mode == token ]]; then
      rm -f "$state/front.port"
      start_background "$state/front.out" "$testkit" proxy \
        --upstream "http://127.0.0.1:$port" \
        --route "/token=http://127.0.0.1:$token_port" \
        --port-file "$state/front.port" --log "$state/front.log" \
        --max-lifetime "$max_lifetime"
      front_pid=$last_pid
      front_port=$(wait_port_file "$state/front.port" "$front_pid") ||
        die "the front proxy did not start: $(cat "$state/front.out")"
      public_port=$front_port
      auth_config="auth:
  token:
    realm: http://127.0.0.1:$front_port/token
    service: $service
    issuer: $issuer
    rootcertbundle: $state/token-cert.pem"
    elif [[ $mode == basic ]]; then
      auth_config="auth:
  htpasswd:
    realm: stalebase-test-registry
    path: $state/htpasswd"
    fi
    cat >"$state/config.yml" <<YAML
version: 0.1
log:
  level: $log_level
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $(openssl rand -hex 16)
  headers:
    X-Content-Type-Options: [nosniff]
$auth_config
YAML
    start_background "$state/registry.log" timeout -k 5 "$max_lifetime" \
      "$registry_bin" serve "$state/config.yml"
    local registry_pid=$last_pid
    for _ in $(seq 1 100); do
      kill -0 "$registry_pid" 2>/dev/null || break
      if "$testkit" request --no-auth --status-only --timeout 1 \
        "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then
        ready=yes
        break
      fi
      sleep 0.05
    done
    [[ $ready == yes ]] && break
    echo "registry-fixture: attempt $attempt on port $port failed, retrying" >&2
    kill -TERM "$registry_pid" ${front_pid:+"$front_pid"} 2>/dev/null || true
    sleep 0.2
  done
  [[ $ready == yes ]] || die "docker-registry did not start: $(tail -5 "$state/registry.log")"

  local public_port=$port
  [[ $mode == token ]] && public_port=$front_port
  local host=127.0.0.1:$public_port
  if [[ $mode != open ]]; then
    printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$host" "$(cat "$state/docker/.auth")" \
      >"$state/docker/config.json"
    rm -f "$state/docker/.auth"
    chmod 600 "$state/docker/config.json"
  fi
  cat >"$state/env.tmp" <<ENV
TEST_REGISTRY_MODE=$mode
TEST_REGISTRY_URL=http://$host
TEST_REGISTRY_HOST=$host
TEST_REGISTRY_PORT=$public_port
TEST_REGISTRY_DIRECT_URL=http://127.0.0.1:$port
TEST_REGISTRY_USER=$user
TEST_REGISTRY_PASSWORD=$password
TEST_REGISTRY_CREDENTIALS_FILE=$credentials
TEST_REGISTRY_DOCKER_CONFIG=${credentials:+$state/docker}
TEST_REGISTRY_AUTH_FILE=${credentials:+$state/docker/config.json}
TEST_REGISTRY_LOG=$state/registry.log
TEST_REGISTRY_STATE=$state
TEST_REGISTRY_STORAGE=$storage
TEST_TOKEN_URL=${token_port:+http://127.0.0.1:$token_port/token}
TEST_TOKEN_REALM=${front_port:+http://127.0.0.1:$front_port/token}
TEST_TOKEN_SERVICE=${token_port:+$service}
TEST_TOKEN_ISSUER=${token_port:+$issuer}
TEST_TOKEN_KEY=${token_port:+$state/token-key.pem}
TEST_TOKEN_CERT=${token_port:+$state/token-cert.pem}
TEST_TOKEN_LOG=${token_port:+$state/token.log}
TEST_FRONT_LOG=${front_port:+$state/front.log}
ENV
  mv "$state/env.tmp" "$state/env"
  trap - ERR
  echo "registry-fixture: $mode registry at http://$host (docker-registry on port $port)"
}

case $action in
start) start ;;
stop)
  stop
  # The testkit servers run under the sanitizers in the sanitizer build.
  if grep -lE 'Sanitizer|runtime error:' "$state"/*.out 2>/dev/null; then
    die "a testkit server reported a sanitizer error (see the files above)"
  fi
  echo "registry-fixture: $mode registry stopped"
  ;;
*) die "unknown action \"$action\" (expected start or stop)" ;;
esac

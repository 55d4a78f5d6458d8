#!/usr/bin/env bash
# Parse+extract throughput of stalebase, in process (one thread) and as a whole `stalebase refs`
# run in both formats (table and json, median of 3, on every core), on a generated corpus of
# 10,000 realistic Dockerfiles, with the load average around it; then `stalebase refs` on a
# corpus of Compose files and Kubernetes manifests (SOURCES files of each, default 2,000).
# Usage: bash bench/parse.sh [COUNT [SOURCES]]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}
sources=${2:-2000}
build=build-bench-parse  # its own tree: one inside build/ would add its tests to build/'s ctest
bash scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTALEBASE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target stalebase stalebase_bench_parse
corpus=bench/out/corpus-$count
rm -rf "$corpus"
"$build/bench/stalebase_bench_parse" generate "$corpus" "$count"
echo "corpus: $(du -sh "$corpus" | cut -f1)"
echo
echo "== in process (parse + extract, single thread)"
"$build/bench/stalebase_bench_parse" run "$corpus" 5
echo
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc 2>/dev/null || echo '?') cores"
# Whole process: the median of 3 runs of `stalebase refs --format FORMAT CORPUS` (refs parses
# on every core), as MB/s of CORPUS_BYTES and files/s of FILES.
time_refs() {
  local format=$1 corpus=$2 corpus_bytes=$3 files=$4 times=() start end median
  for _ in 1 2 3; do
    start=$(date +%s.%N)
    "$build/stalebase" refs --format "$format" "$corpus" >/dev/null
    end=$(date +%s.%N)
    times+=("$(awk "BEGIN{print $end - $start}")")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
  awk -v t="$median" -v b="$corpus_bytes" -v n="$files" -v all="${times[*]}" \
    'BEGIN{printf "%.3f s, %.1f MB/s, %.0f files/s (runs: %s s)\n", t, b/t/1e6, n/t, all}'
}
for format in table json; do
  echo
  echo "== whole process: stalebase refs --format $format (median of 3)"
  time_refs "$format" "$corpus" "$bytes" "$count"
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -f "peak memory of stalebase refs --format $format: %M KiB" \
      "$build/stalebase" refs --format "$format" "$corpus" >/dev/null
  fi
done

# refs over SOURCES Compose files and SOURCES Kubernetes files shaped as real ones are: anchors and
# merge keys, interpolation with defaults, digest pins on some images, long environment and
# resource sections around a few image lines, multi-document manifests with a CronJob.
generate_sources() {
  local dir=$1 n=$2 i
  local images=(python:3.12.1-slim node:20.11.0-alpine3.19 postgres:16.1 redis:7.2.4-alpine
    nginx:1.25.3 "golang:1.21.6-bookworm@sha256:$(printf 'a%.0s' {1..64})" busybox:1.36.1
    ghcr.io/example/api:v2.3.1 registry.example.test:5000/team/worker:1.4.0 memcached:1.6.23)
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    local a=${images[i % 10]} b=${images[(i + 3) % 10]} c=${images[(i + 7) % 10]}
    mkdir -p "$dir/app$i/deploy"
    cat >"$dir/app$i/compose.yaml" <<YAML
# Local development stack for app$i: docker compose up
x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
    options: {max-size: "10m", max-file: "3"}
  environment: &env
    LOG_LEVEL: info
    TZ: UTC
services:
  web:
    <<: *common
    image: \${WEB_IMAGE:-$a}
    ports: ["8080:8080"]
    depends_on: [db, cache]
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health"]
      interval: 30s
  worker:
    <<: *common
    image: "$b"
    command: ["worker", "--queue", "default", "--concurrency", "4"]
    environment:
      <<: *env
      QUEUE_URL: redis://cache:6379/0
  db:
    image: '$c'
    volumes: ["db-data:/var/lib/postgresql/data"]
    environment: {POSTGRES_PASSWORD: example, POSTGRES_DB: app$i}
  cache:
    image: redis:7.2.4-alpine
    command: redis-server --save "" --appendonly no
volumes:
  db-data: {}
YAML
    cat >"$dir/app$i/deploy/app.yaml" <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app$i
  labels: {app.kubernetes.io/name: app$i, app.kubernetes.io/part-of: shop}
  annotations:
    deployment.kubernetes.io/revision: "12"
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: app$i}
  template:
    metadata:
      labels: {app.kubernetes.io/name: app$i}
    spec:
      initContainers:
        - name: migrate
          image: $b
          args: ["migrate", "--to", "latest"]
      containers:
        - name: app
          image: "$a"
          ports: [{containerPort: 8080, name: http}]
          env:
            - {name: LOG_LEVEL, value: info}
            - name: DATABASE_URL
              valueFrom: {secretKeyRef: {name: app$i-db, key: url}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          readinessProbe:
            httpGet: {path: /health, port: http}
        - name: proxy
          image: nginx:1.25.3
---
apiVersion: v1
kind: Service
metadata: {name: app$i}
spec:
  selector: {app.kubernetes.io/name: app$i}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: app$i-report}
spec:
  schedule: "17 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: $c
              args: ["report", "--daily"]
YAML
  done
}
source_corpus=bench/out/sources-$sources
rm -rf "$source_corpus"
generate_sources "$source_corpus" "$sources"
source_bytes=$(find "$source_corpus" -type f -printf '%s\n' | awk '{s+=$1} END{print s}')
echo
echo "sources corpus: $sources Compose files and $sources Kubernetes files, $(du -sh "$source_corpus" | cut -f1)"
for format in table json; do
  echo
  echo "== whole process: stalebase refs --format $format on the sources corpus (median of 3)"
  time_refs "$format" "$source_corpus" "$source_bytes" "$((2 * sources))"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Writes the image-source tree the tests of issue 16 read into the current
# folder: real-world shapes of every source, with $R (the registry host) in
# their references. Source it after lib.sh with R set.

mkdir -p app deploy .github/workflows .devcontainer charts/web/templates docs

# Compose: an image through interpolation with a default, an anchored image
# a second service merges, a variable with no value, and a build.
cat >compose.yaml <<EOF
# The local stack: docker compose up
name: shop
x-cache: &cache
  image: "$R/library/busybox:1.36.0"   # shared by two services
  restart: unless-stopped

services:
  web:
    image: \${WEB_REGISTRY:-$R}/library/alpine:3.19.0
    ports: ["8080:80"]
    depends_on: [cache]
  cache:
    <<: *cache
  worker:
    <<: *cache
    command: ["sh", "-c", "sleep infinity"]
  api:
    image: $R/private/app:\${APP_TAG}
  app:
    build:
      context: ./app
      args:
        PY_TAG: 3.12.1-slim
EOF
cat >app/Dockerfile <<EOF
ARG PY_TAG=3.13.0-slim
FROM $R/library/python:\${PY_TAG}
EOF

# Kubernetes: a Deployment with an init container, a ConfigMap and a CronJob
# in one file.
cat >deploy/app.yaml <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: migrate
          image: '$R/library/python:3.12.7-slim'
          command: ["python", "-m", "migrate"]
      containers:
        - name: web
          image: $R/library/debian:bookworm-20240211
          ports:
            - containerPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata: {name: web-settings}
data:
  image: not/an-image:1   # a ConfigMap's data is no container
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              # stalebase:ignore=unpinned reviewed: the report job follows latest
              image: $R/library/alpine:latest
EOF

# GitHub Actions: a job container, a service and a docker:// step, plus an
# expression that cannot be known.
cat >.github/workflows/ci.yml <<EOF
name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: $R/library/python:3.12.1-slim
      options: --user 1001
    services:
      cache:
        image: $R/library/busybox:1.36.1
        ports: ["6379:6379"]
    steps:
      - uses: actions/checkout@v4
      - name: lint
        uses: docker://$R/library/alpine:3.20.0
        with:
          args: sh -c "true"
  matrix:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        tag: ["3.19.0", "3.20.0"]
    container: $R/library/alpine:\${{ matrix.tag }}
    steps:
      - run: cat /etc/os-release
EOF

# GitLab CI: a default image, a hidden job's services reached by !reference,
# a variable defined in the file.
cat >.gitlab-ci.yml <<EOF
variables:
  PY_IMAGE: $R/library/python:3.12.1-slim

default:
  image: $R/library/debian:bookworm

.services:
  services:
    - name: $R/library/busybox:1.36.0
      alias: cache

test:
  image: \$PY_IMAGE
  services: !reference [.services, services]
  script:
    - python -m pytest
EOF

# A dev container, JSON with comments and trailing commas.
cat >.devcontainer/devcontainer.json <<EOF
// The team's dev container
{
  "name": "shop",
  /* the base image; bump with the Dockerfiles */
  "image": "$R/library/python:3.12.1-slim",
  "features": {
    "ghcr.io/devcontainers/features/node:1": {},
  },
}
EOF

# A Helm chart: values with an image mapping; its templates are Go templates
# (not YAML) and must not be read.
cat >charts/web/Chart.yaml <<EOF
apiVersion: v2
name: web
version: 0.1.0
appVersion: "1.0.0"
EOF
cat >charts/web/values.yaml <<EOF
replicaCount: 1
image:
  registry: $R
  repository: library/alpine
  tag: "3.19.0"
  pullPolicy: IfNotPresent
sidecar:
  image:
    repository: $R/private/app
    tag: ""
EOF
cat >charts/web/templates/deployment.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  template:
    spec:
      containers:
        - image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- with .Values.nodeSelector }}
      nodeSelector: {{ toYaml . | nindent 8 }}
{{- end }}
EOF

# YAML that is no image source: skipped without a word.
cat >docs/mkdocs.yml <<EOF
site_name: Shop
nav:
  - Home: index.md
EOF

# Writes the image sources the rewrite test of issue 16 works on into the
# current folder, with $R (the registry host) in their references. Each tag is
# given as TAG_<name> so that the expected files can be written by the same
# function with other tags and digests: write_tree writes the files as read,
# with ${AT_<name>} (empty, or "@sha256:…") after each tag.

write_tree() {
  mkdir -p deploy .github/workflows .devcontainer charts/web

  # Compose: plain, double-quoted, a default in single quotes, a tag from .env
  # (refused: it is changed in .env by hand).
  cat >compose.yaml <<EOF
# The local stack
services:
  web:
    image: $R/library/alpine:${T_WEB}${AT_WEB}   # plain
  cache:
    image: "$R/library/busybox:${T_CACHE}${AT_CACHE}"
  py:
    image: '$R/library/python:\${PY_TAG:-${T_PY}${AT_PY}}'
  worker:
    image: $R/library/alpine:\${ALPINE_TAG}
EOF
  printf 'ALPINE_TAG=3.19.0\n' >.env

  # Kubernetes: two documents, flow style, CRLF line endings.
  cat >deploy/app.yaml <<EOF
apiVersion: v1
kind: Pod
metadata: {name: one}
spec:
  containers:
    - name: a
      image: $R/library/debian:${T_DEB}${AT_DEB}  # dated
---
apiVersion: batch/v1
kind: Job
metadata: {name: two}
spec:
  template:
    spec:
      initContainers: [{name: i, image: "$R/library/python:${T_INIT}${AT_INIT}"}]
      containers:
        - name: b
          image: $R/library/alpine:${T_JOB}${AT_JOB}
EOF
  sed -i 's/$/\r/' deploy/app.yaml

  # GitHub Actions: a job container, a service, a docker:// step.
  cat >.github/workflows/ci.yml <<EOF
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: $R/library/python:${T_GHC}${AT_GHC}
    services:
      cache:
        image: $R/library/busybox:${T_GHS}${AT_GHS}
    steps:
      - uses: actions/checkout@v4
      # lint in a container
      - uses: docker://$R/library/alpine:${T_GHD}${AT_GHD}
EOF

  # GitLab CI: a default image, a service as a string, a job's image as a
  # mapping.
  cat >.gitlab-ci.yml <<EOF
default:
  image: $R/library/debian:${T_GLD}${AT_GLD}
  services:
    - $R/library/busybox:${T_GLS}${AT_GLS}

test:
  image:
    name: "$R/library/python:${T_GLJ}${AT_GLJ}"   # the tests' Python
  script: [pytest]
EOF

  # A dev container: JSON with comments and a trailing comma.
  cat >.devcontainer/devcontainer.json <<EOF
// The team's dev container
{
  /* bump with the Dockerfiles */
  "image": "$R/library/alpine:${T_DEV}${AT_DEV}", // pinned by stalebase
}
EOF

  # Helm values beside Chart.yaml: the tag is edited in place, a digest line
  # is added only when the target has a digest.
  printf 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: "1.0.0"\n' >charts/web/Chart.yaml
  cat >charts/web/values.yaml <<EOF
replicaCount: 1
image:
  registry: $R
  repository: library/alpine
  tag: "${T_HELM}"   # the app's image
${HELM_DIGEST}  pullPolicy: IfNotPresent
EOF
}

#!/usr/bin/env bash
# Installs everything stalebase needs to build, test and run its demo, from Debian 12's
# packages. Safe to run again; uses sudo when not run as root.
set -euo pipefail

packages=(
  # toolchain
  g++ clang libclang-rt-14-dev cmake ninja-build pkg-config git ca-certificates
  # libraries
  libcli11-dev nlohmann-json3-dev libspdlog-dev libfmt-dev catch2
  libcurl4-openssl-dev libssl-dev libyaml-cpp-dev libyaml-dev libcpp-httplib-dev libjemalloc-dev
  # the real registry and its tools, for integration tests and the demo
  docker-registry apache2-utils openssl curl jq patch
  # packaging (scripts/package.sh, the package test): CPack's dependency computation runs
  # dpkg-shlibdeps (dpkg-dev) on what file(1) says is a binary; man-db gives `man -l`
  dpkg-dev file man-db
)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
echo "stalebase: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

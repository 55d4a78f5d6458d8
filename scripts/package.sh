#!/usr/bin/env bash
# Builds the release packages: a Debian package (stalebase_<version>_<arch>.deb, runtime
# dependencies computed by dpkg-shlibdeps) and a tarball with the same tree
# (stalebase-<version>-linux-<arch>.tar.gz, for other distributions), in dist/ or the folder
# given. With lintian installed it also checks the .deb: a tag not explained in
# packaging/lintian-explained fails the run.
#
#   bash scripts/package.sh [OUT_DIR]
#
# Environment: STALEBASE_BUILD_DIR (default build/package), STALEBASE_CMAKE_ARGS (more
# configure arguments, e.g. -DSTALEBASE_MAINTAINER="Name <address>"
# -DSTALEBASE_HOMEPAGE=URL -DSTALEBASE_GIT_REVISION=REV), STALEBASE_SKIP_DEPS=1 (do not run
# scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
build=${STALEBASE_BUILD_DIR:-build/package}
out=${1:-dist}

[ "${STALEBASE_SKIP_DEPS:-}" = 1 ] || bash scripts/install-deps.sh

# Debian's hardening flags (fortify, stack protector, full RELRO, bind now), as dpkg-buildflags
# gives them to every Debian package.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" \
  -DSTALEBASE_BUILD_TESTS=OFF -DSTALEBASE_BUILD_BENCH=OFF -DSTALEBASE_WARNINGS_AS_ERRORS=ON \
  ${STALEBASE_CMAKE_ARGS:-}
cmake --build "$build" -j "$jobs"
mkdir -p "$out"
out=$(cd "$out" && pwd)
(cd "$build" && cpack -G "DEB;TGZ" -B "$out")
rm -rf "$out/_CPack_Packages"

deb=$(ls "$out"/stalebase_*.deb)
echo "package.sh: built $deb and $(ls "$out"/stalebase-*.tar.gz)"

if command -v lintian >/dev/null; then
  # Every line of packaging/lintian-explained that is not a comment is a tag it explains.
  explained=$(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$root/packaging/lintian-explained")
  unexplained=$(lintian --tag-display-limit 0 "$deb" 2>/dev/null |
    grep -v -F -f <(printf '%s\n' "$explained") || true)
  if [ -n "$unexplained" ]; then
    echo "package.sh: lintian tags not explained in packaging/lintian-explained:" >&2
    printf '%s\n' "$unexplained" >&2
    exit 1
  fi
  echo "package.sh: lintian: no tags besides those packaging/lintian-explained explains"
else
  echo "package.sh: lintian is not installed; the .deb was not linted" >&2
fi

#!/usr/bin/env bash
# The release packages, as a user gets them: builds the .deb and the tarball from this build
# tree with CPack, unpacks the .deb into a fresh root (dpkg -x: nothing is installed on this
# machine), and runs what was installed there: `stalebase --version`, `man -l` on its page
# (groff's warnings fail the test), its completions (they must equal the installed binary's
# own output), and `stalebase check examples/` against a local registry holding the
# examples' images. The tarball must hold the same files as the .deb.
#
#   test_package.sh BUILD_DIR VERSION CPACK     (STALEBASE_TESTKIT: the image pusher)
set -uo pipefail
build=${1:?usage: test_package.sh BUILD_DIR VERSION}
version=${2:?usage: test_package.sh BUILD_DIR VERSION CPACK}
cpack=${3:?usage: test_package.sh BUILD_DIR VERSION CPACK}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/stalebase-package.XXXXXX")
# shellcheck source=tests/integration/examples-registry.sh
source "$source_dir/tests/integration/examples-registry.sh"
cleanup() {
  stop_examples_registry "$work/registry"
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
die() {
  echo "FAIL: $*" >&2
  exit 1
}

# ---- build the packages ------------------------------------------------------------------------
(cd "$build" && "$cpack" -G "DEB;TGZ" -B "$work/dist") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; die "cpack failed"; }
deb=$(ls "$work"/dist/stalebase_"$version"_*.deb 2>/dev/null) || die "no stalebase_${version}_ARCH.deb"
tgz=$(ls "$work"/dist/stalebase-"$version"-*.tar.gz 2>/dev/null) || die "no stalebase-$version-*.tar.gz"

# ---- the .deb's fields and files ---------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = stalebase ] || fail "Package is not stalebase"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"
[ -n "$(dpkg-deb -f "$deb" Section)" ] || fail "no Section"
depends=$(dpkg-deb -f "$deb" Depends)
# Computed by dpkg-shlibdeps from the binary: libc and libcurl are always among them.
for library in libc6 libcurl4; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
dpkg-deb -c "$deb" | awk '$2 != "root/root" { print; bad = 1 } END { exit bad }' ||
  fail "files not owned by root/root"

root=$work/root
dpkg -x "$deb" "$root" || die "dpkg -x failed"
expected=(
  usr/bin/stalebase
  usr/share/man/man1/stalebase.1.gz
  usr/share/bash-completion/completions/stalebase
  usr/share/zsh/vendor-completions/_stalebase
  usr/share/fish/vendor_completions.d/stalebase.fish
  usr/share/doc/stalebase/copyright
  usr/share/doc/stalebase/changelog.gz
  usr/share/doc/stalebase/LICENSE
  usr/share/doc/stalebase/README.md
  usr/share/doc/stalebase/CHANGELOG.md
  usr/share/doc/stalebase/manual.md
  usr/share/doc/stalebase/integrations.md
  usr/share/doc/stalebase/pre-commit-hooks.yaml
  usr/share/doc/stalebase/examples/cron-report.sh
)
for file in "${expected[@]}"; do
  [ -f "$root/$file" ] || fail "the .deb lacks /$file"
done
[ -x "$root/usr/bin/stalebase" ] || fail "/usr/bin/stalebase is not executable"

# The tarball: the same files, under one top folder instead of /usr.
deb_files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./usr/||' | sort)
tgz_files=$(tar -tzf "$tgz" | grep -v '/$' | sed 's|^[^/]*/||' | sort)
[ "$deb_files" = "$tgz_files" ] || fail "the tarball's files differ from the .deb's:
$(diff <(echo "$deb_files") <(echo "$tgz_files"))"

# ---- the installed binary, page and completions ------------------------------------------------
stalebase=$root/usr/bin/stalebase
line=$("$stalebase" --version) || fail "stalebase --version failed"
pattern="^stalebase ${version//./\\.} \\((revision [0-9a-f]+(-dirty)?, )?allocator: [^)]+\\)\$"
[[ $line =~ $pattern ]] || fail "--version says \"$line\""

page=$root/usr/share/man/man1/stalebase.1.gz
MANWIDTH=100 LC_ALL=C.UTF-8 man --warnings -l "$page" >"$work/page.txt" 2>"$work/man-warnings.txt" ||
  fail "man -l failed: $(cat "$work/man-warnings.txt")"
[ ! -s "$work/man-warnings.txt" ] || fail "man -l warns: $(cat "$work/man-warnings.txt")"
for text in "SYNOPSIS" "EXIT STATUS" "ENVIRONMENT" "FILES" "EXAMPLES" "stalebase check" \
  "--fail-on" "DOCKER_CONFIG" "XDG_CACHE_HOME"; do
  grep -qF -- "$text" "$work/page.txt" || fail "the manual page lacks \"$text\""
done

for shell in bash zsh fish; do
  case $shell in
  bash) file=usr/share/bash-completion/completions/stalebase ;;
  zsh) file=usr/share/zsh/vendor-completions/_stalebase ;;
  fish) file=usr/share/fish/vendor_completions.d/stalebase.fish ;;
  esac
  cmp -s <("$stalebase" completion "$shell") "$root/$file" ||
    fail "/$file is not \`stalebase completion $shell\`"
done
bash -n "$root/usr/share/bash-completion/completions/stalebase" || fail "the bash completion does not parse"

# ---- stalebase check of the examples, with the installed binary --------------------------------
start_examples_registry "$work/registry" >"$work/registry.log" 2>&1 ||
  { cat "$work/registry.log" >&2; die "the examples' registry did not start"; }
"$stalebase" check --cache-dir "$work/cache" --format json "${EXAMPLES_MIRRORS[@]}" \
  "$source_dir/examples" >"$work/check.json" 2>"$work/check.err"
code=$?
[ "$code" -eq 1 ] || fail "stalebase check examples/ exited $code, expected 1 (stale): $(cat "$work/check.err")"
kinds=$(jq -r '[.findings[].kind] | unique | join(" ")' "$work/check.json") ||
  fail "stalebase check printed no JSON report"
for kind in digest-drift patch-available unpinned; do
  grep -qw -- "$kind" <<<"$kinds" || fail "no $kind finding among: $kinds"
done

[ "$failures" -eq 0 ] || exit 1
echo PASS

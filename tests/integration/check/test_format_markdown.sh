#!/usr/bin/env bash
# `check --format markdown`: the whole report for a small case, byte for byte: the
# title, the summary line, the summary table by kind and level, a table per
# file (line, reference, finding, fix) with `|`, backticks, `\` and `<` escaped,
# then the references not checked and the files with errors.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"
short() { echo "${1:0:15}…"; }

previous=$(KIND=previous seed_digest library/debian:bookworm-20240101)
mkdir -p report/app report/tools
cat >report/app/Dockerfile <<EOF
FROM $R/library/debian:bookworm@$previous
COPY --from=$R/library/alpine:3.20 /etc/os-release /tmp/
RUN --mount=from=$R/library/nothere:1.0,target=/x true
EOF
cat >report/tools/Dockerfile <<'EOF'
FROM ${NOPE:-a|b`<c>\d}
EOF
echo "FROM $R/windows/servercore:10.0.14393.321" >>report/tools/Dockerfile
printf 'FROM b c\n' >report/bad.Dockerfile
run_check out.md --format markdown --platform linux/amd64 report
expect_exit 2 out.md

cat >expected.md <<EOF
# stalebase check

3 files, 5 references: 2 fail (1 digest-drift, 1 patch-available), 1 error, 2 warn, 1 info; 1 not checked ($R: not-found); 1 file with errors

## Summary

| kind | level | count |
| --- | --- | ---: |
| \`digest-drift\` | fail | 1 |
| \`patch-available\` | fail | 1 |
| \`major-available\` | info | 1 |
| \`unpinned\` | warn | 1 |
| \`unresolvable\` | warn | 1 |
| \`check-error\` | error | 1 |

## \`report/app/Dockerfile\`

| line | reference | finding | fix |
| ---: | --- | --- | --- |
| 1 | \`$R/library/debian:bookworm@$(short "$previous")\` | **fail** digest-drift: pinned digest ${previous:0:19}… is no longer what bookworm points at (linux/amd64 changed); it is now bookworm-20240211 | \`$(seed_digest library/debian:bookworm)\` |
| 2 | \`$R/library/alpine:3.20\` | **warn** unpinned: "3.20" moves (now 3.20.0), and no digest pins it | \`$(seed_digest library/alpine:3.20)\` |
| 3 | \`$R/library/nothere:1.0\` | **error** check-error: could not check 1.0 in $R/library/nothere: repository not found or unauthorized |  |

## \`report/tools/Dockerfile\`

| line | reference | finding | fix |
| ---: | --- | --- | --- |
| 1 | \${NOPE:-a\\|b\\\`&lt;c>\\\\d} | **warn** unresolvable: expands to "a\\|b\\\`&lt;c>d", which is not a valid reference: invalid repository name component "a\\|b\\\`&lt;c>d": expected lowercase letters and digits joined by ".", "_", "__" or "-" (ARGs involved: NOPE; set them with --build-arg) |  |
| 2 | \`$R/windows/servercore:10.0.14393.321\` | **fail** patch-available: newer patch build 10.0.14393.693 in the same track | \`10.0.14393.321\` → \`10.0.14393.693\` |
| 2 | \`$R/windows/servercore:10.0.14393.321\` | **info** major-available: newer major version 10.0.17763.5458 in the same track: an OS change to Windows build 17763 (ltsc2019), needs a matching host | \`10.0.14393.321\` → \`10.0.17763.5458\` |

## Not checked

| reference | reason |
| --- | --- |
| \`$R/library/nothere:1.0\` | not-found: repository not found or unauthorized |

## Files with errors

| file | line | error |
| --- | ---: | --- |
| \`report/bad.Dockerfile\` | 1 | FROM requires either one or three arguments |
EOF
diff -u expected.md out.md >&2 || fail "the Markdown report differs from expected.md (diff above)"

# A clean run: the title and the summary line, no tables.
echo "FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)" >clean.Dockerfile
run_check clean.md --format markdown clean.Dockerfile
expect_exit 0 clean.md
assert_eq $'# stalebase check\n\n1 file, 1 reference: no findings' "$(cat clean.md)"
echo PASS

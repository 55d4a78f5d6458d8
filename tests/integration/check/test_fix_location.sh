#!/usr/bin/env bash
# Issue 13, "point at the line to edit": a version that comes from an ARG
# default keeps the FROM as the finding's location and adds the ARG line in
# every format: JSON `fix_line` and `fix_edits`, SARIF `relatedLocations` and a
# `fixes` entry with the exact replacement, the GitHub annotation on the ARG
# line, "fix at line N" in the table and Markdown.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"

printf 'ARG PY=3.12.1-slim\nFROM %s\nFROM %s\n' "$R/library/python:\${PY}" "$R/library/alpine:3.19.0" >Dockerfile
run_check out.json --format json --platform linux/amd64 Dockerfile
expect_exit 1 out.json
assert_eq "$(printf '%s\n' \
  '2 patch-available 1 [{"column":13,"end_column":14,"end_line":1,"line":1,"replacement":"7"}]' \
  '2 minor-available 1 [{"column":11,"end_column":14,"end_line":1,"line":1,"replacement":"3.0"}]' \
  '3 patch-available null [{"column":'$((6 + ${#R} + 21))',"end_column":'$((6 + ${#R} + 22))',"end_line":3,"line":3,"replacement":"1"}]' \
  '3 minor-available null [{"column":'$((6 + ${#R} + 18))',"end_column":'$((6 + ${#R} + 20))',"end_line":3,"line":3,"replacement":"20"}]')" \
  "$(jq -r '.findings[] | "\(.line) \(.kind) \(.fix_line) \(.fix_edits | map(to_entries | sort_by(.key) | from_entries) | tojson)"' out.json)"

run_check out.sarif --format sarif --platform linux/amd64 Dockerfile
expect_exit 1 out.sarif
assert_eq '2 1 1 13-14 7' "$(jq -r '.runs[0].results[0] | "\(.locations[0].physicalLocation.region.startLine) \(.relatedLocations[0].physicalLocation.region.startLine) \(.fixes[0].artifactChanges[0].replacements[0].deletedRegion | "\(.startLine) \(.startColumn)-\(.endColumn)") \(.fixes[0].artifactChanges[0].replacements[0].insertedContent.text)"' out.sarif)"
assert_eq 'the ARG default the fix edits' "$(jq -r '.runs[0].results[0].relatedLocations[0].message.text' out.sarif)"
assert_eq null "$(jq -r '.runs[0].results[2].relatedLocations' out.sarif)" "no related location for a fix in the reference itself"

run_check out.gh --format github --platform linux/amd64 Dockerfile
expect_exit 1 out.gh
assert_eq "$(printf '%s\n' '::error file=Dockerfile,line=1,title=' "::error file=Dockerfile,line=3,col=6,")" \
  "$(sed -E 's/^(::error file=Dockerfile,line=[0-9]+,(title=|col=[0-9]+,)).*/\1/' out.gh)"
assert_contains "$(head -1 out.gh)" '%0Athe fix is in the ARG default on line 1; the reference is on line 2'

run_check out.md --format markdown --platform linux/amd64 Dockerfile
expect_exit 1 out.md
assert_contains "$(cat out.md)" "| \`3.12.1-slim\` → \`3.12.7-slim\` (fix at line 1) |"
run_check out.txt --platform linux/amd64 Dockerfile
expect_exit 1 out.txt
assert_contains "$(cat out.txt)" "3.12.1-slim → 3.12.7-slim (fix at line 1)"
echo PASS

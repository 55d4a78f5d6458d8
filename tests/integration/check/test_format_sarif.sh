#!/usr/bin/env bash
# `check --format sarif` has the structure the SARIF 2.1.0 schema requires
# (sarifLog version and runs; tool.driver with a name and one rule per finding
# kind, each with an id, descriptions with text, help and a default level;
# results with ruleId matching rules[ruleIndex], a level, a message and
# locations with regions; the invocation with executionSuccessful and
# notifications for references not checked and file errors), with the values
# of the run.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"

mkdir -p src/app
cat >src/app/Dockerfile <<EOF
FROM $R/library/python:3.12.1-slim AS build
FROM $R/library/debian:bookworm@$(KIND=previous seed_digest library/debian:bookworm-20240101)
COPY --from=$R/library/alpine:latest /etc/os-release /tmp/
RUN --mount=from=$R/library/nothere:1.0,target=/x true
EOF
printf 'FROM %s/library/alpine:3.20.0\nFROM a b\n' "$R" >src/bad.Dockerfile
run_check out.sarif --format sarif --platform linux/amd64 src
expect_exit 2 out.sarif
tk json-check out.sarif

cat >sarif.jq <<'EOF'
def int: type == "number" and . == floor;
def text: type == "object" and (.text | type == "string") and (.text | length > 0);
def level: IN("none", "note", "warning", "error");
def region: type == "object" and (.startLine | int and . >= 1)
  and ((.startColumn // 1) | int and . >= 1)
  and (.startLine as $s | (.endLine // $s) | int and . >= $s) and ((.endColumn // 1) | int and . >= 1);
def location: type == "object" and (.physicalLocation | type == "object"
  and (.artifactLocation.uri | type == "string") and (.artifactLocation.uriBaseId == "%SRCROOT%")
  and (.region | region));
def check($what; cond): if cond then empty else "\($what)" end;
check("version"; .version == "2.1.0"),
check("$schema"; .["$schema"] | type == "string" and test("sarif-schema-2\\.1\\.0\\.json$")),
check("one run"; .runs | type == "array" and length == 1),
(.runs[0] as $run | $run.tool.driver.rules as $rules
 | check("driver"; $run.tool.driver.name == "stalebase" and ($run.tool.driver.version | type == "string")),
   check("rule ids"; [$rules[].id] == ["digest-drift", "index-drift", "digest-only",
     "patch-available", "minor-available", "major-available", "variant-ended", "unpinned",
     "tag-missing",
     "unresolvable", "invalid-reference", "single-platform-pin", "wrong-platform-pin",
     "check-error"]),
   ($rules[] | check("rule \(.id)"; (.shortDescription | text) and (.fullDescription | text)
     and (.help | text) and (.help.markdown | type == "string")
     and (.defaultConfiguration.level | level))),
   check("default levels"; [$rules[].defaultConfiguration.level] == ["error", "note", "note",
     "error", "note", "note", "warning", "warning", "error", "warning", "error", "warning",
     "error", "error"]),
   check("results"; $run.results | type == "array"),
   ($run.results | to_entries[] | .key as $i | .value
    | check("results[\($i)]"; (.ruleId | type == "string") and (.ruleIndex | int)
        and $rules[.ruleIndex].id == .ruleId and (.level | level) and (.message | text)
        and (.locations | type == "array" and length == 1 and all(.[]; location))
        and (.partialFingerprints["stalebase/v1"] | type == "string" and test("^[0-9a-f]{64}$")))),
   check("invocations"; $run.invocations | type == "array" and length == 1
     and (.[0].executionSuccessful | type == "boolean") and (.[0].exitCode | int)),
   (($run.invocations[0].toolExecutionNotifications // [])[]
    | check("notification"; (.message | text) and (.level | level)
        and ((.locations // []) | all(.[]; .physicalLocation.artifactLocation.uri | type == "string")))))
EOF
problems=$(jq -r -f sarif.jq out.sarif 2>&1) || fail "the SARIF check failed: $problems"
assert_eq "" "$problems" "SARIF structure problems"

# The values: one result per finding, with its rule, level and region.
assert_eq "$(printf '%s\n' \
  'patch-available 3 error src/app/Dockerfile 1:6-1:48' \
  'minor-available 4 note src/app/Dockerfile 1:6-1:48' \
  'digest-drift 0 error src/app/Dockerfile 2:6-2:'$((6 + ${#R} + 96)) \
  'unpinned 7 warning src/app/Dockerfile 3:13-3:'$((13 + ${#R} + 22)) \
  'check-error 13 error src/app/Dockerfile 4:18-4:'$((18 + ${#R} + 20)))" \
  "$(jq -r '.runs[0].results[] | .locations[0].physicalLocation as $p
     | "\(.ruleId) \(.ruleIndex) \(.level) \($p.artifactLocation.uri) \($p.region | "\(.startLine):\(.startColumn)-\(.endLine):\(.endColumn)")"' out.sarif)"
assert_eq 'newer patch build 3.12.7-slim in the same track (fix: 3.12.1-slim → 3.12.7-slim)' \
  "$(jq -r '.runs[0].results[0].message.text' out.sarif)"
assert_eq "$R/library/python:3.12.1-slim true fail" \
  "$(jq -r '.runs[0].results[0].properties | "\(.reference) \(.failing) \(.level)"' out.sarif)"
# The invocation failed (a file error, a reference not checked), and says why.
assert_eq 'false 2' "$(jq -r '.runs[0].invocations[0] | "\(.executionSuccessful) \(.exitCode)"' out.sarif)"
assert_eq "$(printf '%s\n' \
  'error src/bad.Dockerfile:2:1 FROM requires either one or three arguments' \
  "error - not checked: $R/library/nothere:1.0: not-found: repository not found or unauthorized")" \
  "$(jq -r '.runs[0].invocations[0].toolExecutionNotifications[]
     | "\(.level) \(.locations[0].physicalLocation | if . then "\(.artifactLocation.uri):\(.region.startLine):\(.region.startColumn)" else "-" end) \(.message.text)"' out.sarif)"

# Fingerprints survive lines moving: the same kind, file and reference two lines
# further down keep their fingerprint.
fingerprints() { jq -r '.runs[0].results[] | "\(.ruleId) \(.partialFingerprints["stalebase/v1"])"' "$1"; }
fingerprints out.sarif >before
{ printf '# a comment\n\n'; cat src/app/Dockerfile; } >moved && mv moved src/app/Dockerfile
run_check out2.sarif --format sarif --platform linux/amd64 src
expect_exit 2 out2.sarif
assert_eq "$(cat before)" "$(fingerprints out2.sarif)" "fingerprints after the lines moved"
assert_eq 3 "$(jq '.runs[0].results[0].locations[0].physicalLocation.region.startLine' out2.sarif)"

# A clean run: executionSuccessful, no notifications, no results.
echo "FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0)" >clean.Dockerfile
run_check clean.sarif --format sarif clean.Dockerfile
expect_exit 0 clean.sarif
assert_eq 'true 0 0 0' "$(jq -r '.runs[0].invocations[0] | "\(.executionSuccessful) \(.exitCode) \(.toolExecutionNotifications // [] | length) \($run.results | length)"' \
  --argjson run "$(jq '.runs[0]' clean.sarif)" clean.sarif)"
problems=$(jq -r -f sarif.jq clean.sarif 2>&1) || fail "the SARIF check failed: $problems"
assert_eq "" "$problems" "SARIF structure problems of a clean run"

# A reference on a continuation line: the region is the reference's own.
mkdir cont
printf 'FROM --platform=linux/amd64 \\\n    %s/library/python:3.12.1-slim AS build\n' "$R" >cont/Dockerfile
run_check cont.sarif --format sarif --platform linux/amd64 cont
expect_exit 1 cont.sarif
assert_eq "2:5-2:$((5 + ${#R} + 27))" \
  "$(jq -r '.runs[0].results[0].locations[0].physicalLocation.region | "\(.startLine):\(.startColumn)-\(.endLine):\(.endColumn)"' cont.sarif)"
echo PASS

#!/usr/bin/env bash
# `check --format json` against docs/json-check.md on a run that fills every
# part of the schema (findings of most kinds from every instruction kind,
# floating tags with `equals` and `equalled_at_pin`, an unresolvable ARG, a
# reference not checked, a file error): every documented field is present with
# its documented type and no other field, the summary adds up, the findings
# are sorted, keys are sorted, and the values are the seeded ones.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
cd "$TEST_TMPDIR"

mkdir src
cat >src/Dockerfile <<EOF
# syntax=$R/library/busybox:1.36.0
ARG BASE
FROM $R/library/python:3.12.1-slim AS build
COPY --from=$R/library/alpine:3.20 /etc/os-release /tmp/
FROM $R/library/alpine:3.19@$(seed_digest library/alpine:3.19.0)
RUN --mount=type=bind,from=$R/library/nothere:1.0,target=/x true
FROM \${BASE}
FROM $R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0 linux/amd64)
EOF
printf 'FROM\n' >src/bad.Dockerfile
run_check out.json --format json --platform linux/amd64 src
expect_exit 2 out.json
tk json-check out.json

# The schema, field by field (docs/json-check.md). Prints one line per problem.
cat >schema.jq <<'EOF'
def int: type == "number" and . == floor;
def str_or_null: type == "string" or type == "null";
def strings: type == "array" and all(.[]; type == "string");
def keys_are($k): (keys == ($k | sort)) or error("keys \(keys) are not \($k | sort)");
def kinds: ["check-error", "digest-drift", "digest-only", "index-drift", "invalid-reference",
  "major-available", "minor-available", "patch-available", "single-platform-pin", "tag-missing",
  "unpinned", "unresolvable", "variant-ended", "wrong-platform-pin"];
def check($what; cond): if cond then empty else "\($what)" end;
. as $doc
| (keys_are(["schema_version", "summary", "findings", "references", "errors", "file_errors"]) | empty),
  check("schema_version"; .schema_version == 1),
  (.summary | keys_are(["files", "references", "distinct_references", "findings", "by_kind",
    "by_level", "failing", "not_checked", "file_errors", "exit_code"]) | empty),
  (.summary | to_entries[] | select(.key | test("^by_") | not)
   | check("summary.\(.key) is an integer"; .value | int)),
  check("summary.by_kind"; (.summary.by_kind | keys) == kinds and all(.summary.by_kind[]; int)),
  check("summary.by_level"; (.summary.by_level | keys) == ["error", "fail", "info", "warn"]
    and all(.summary.by_level[]; int)),
  check("summary.findings"; .summary.findings == (.findings | length)),
  check("summary.failing"; .summary.failing == ([.findings[] | select(.failing)] | length)),
  check("summary.not_checked"; .summary.not_checked == (.errors | length)),
  check("summary.file_errors"; .summary.file_errors == (.file_errors | length)),
  check("summary.by_kind adds up"; ([.summary.by_kind[]] | add) == (.findings | length)),
  check("summary.by_level adds up"; ([.summary.by_level[]] | add) == (.findings | length)),
  (kinds[] as $k | check("by_kind.\($k)"; $doc.summary.by_kind[$k] == ([$doc.findings[] | select(.kind == $k)] | length))),
  (["info", "warn", "fail", "error"][] as $l
   | check("by_level.\($l)"; $doc.summary.by_level[$l] == ([$doc.findings[] | select(.level == $l)] | length))),
  (.findings | to_entries[] | .key as $i | .value
   | (keys_are(["kind", "level", "failing", "file", "line", "reference_line", "column", "end_line", "end_column",
       "reference", "expanded", "canonical", "stage", "platform", "instruction", "message",
       "current", "suggested", "equals", "equalled_at_pin", "fix_line", "fix_edits"]) | empty),
     check("findings[\($i)].kind"; .kind as $k | kinds | index($k) != null),
     check("findings[\($i)].level"; .level | IN("info", "warn", "fail", "error")),
     check("findings[\($i)].failing"; .failing | type == "boolean"),
     check("findings[\($i)].positions"; [.line, .reference_line, .column, .end_line, .end_column] | all(int and . >= 1)),
     check("findings[\($i)].reference_line"; .reference_line >= .line and .reference_line <= .end_line),
     check("findings[\($i)].end after start"; [.end_line, .end_column] > [.line, .column]),
     check("findings[\($i)].strings"; [.file, .reference, .expanded, .stage, .platform, .message]
       | all(type == "string")),
     check("findings[\($i)].canonical"; .canonical | str_or_null),
     check("findings[\($i)].instruction"; .instruction | IN("from", "copy", "run-mount", "syntax")),
     check("findings[\($i)].current"; .current | type == "object" and keys == ["digest", "tag"]
       and (.tag | str_or_null) and (.digest | str_or_null)),
     check("findings[\($i)].suggested"; .suggested == null or (.suggested | type == "object"
       and keys == ["digest", "tag"] and (.tag | type == "string") and (.digest | str_or_null))),
     check("findings[\($i)].equals"; .equals | strings),
     check("findings[\($i)].equalled_at_pin"; .equalled_at_pin | strings)),
  # Kinds sort in the order the documentation lists them.
  check("findings sorted by file, line, column, kind";
    ["digest-drift", "index-drift", "digest-only", "patch-available", "minor-available",
     "major-available", "variant-ended", "unpinned", "tag-missing", "unresolvable",
     "invalid-reference",
     "single-platform-pin", "wrong-platform-pin", "check-error"] as $order
    | [.findings[] | [.file, .line, .column, (.kind as $k | $order | index($k))]] as $k
    | $k == ($k | sort)),
  check("references"; (.references | strings) and .references == (.references | unique)),
  (.errors[] | (keys_are(["reference", "registry", "kind", "message"]) | empty),
   check("errors[] strings"; [.[]] | all(type == "string"))),
  check("errors sorted"; [.errors[].reference] | . == sort),
  (.file_errors[] | (keys_are(["file", "line", "column", "message"]) | empty),
   check("file_errors[] types"; (.file | type == "string") and (.line | int) and (.column | int)
     and (.message | type == "string"))),
  check("file_errors sorted"; [.file_errors[] | [.file, .line]] | . == sort)
EOF
problems=$(jq -r -f schema.jq out.json 2>&1) || fail "the schema check failed: $problems"
assert_eq "" "$problems" "schema problems"
# Keys are sorted and the layout is what `jq -S` prints (two spaces).
assert_eq "$(jq -S . out.json)" "$(cat out.json)" "key order and layout"

# The values.
assert_eq "$(printf '%s\n' \
  '1 syntax patch-available fail true' \
  '3 from patch-available fail true' \
  '3 from minor-available info false' \
  '4 copy unpinned warn false' \
  '5 from digest-drift fail true' \
  '5 from minor-available info false' \
  '6 run-mount check-error error false' \
  '7 from unresolvable warn false' \
  '8 from single-platform-pin warn false')" \
  "$(jq -r '.findings[] | "\(.line) \(.instruction) \(.kind) \(.level) \(.failing)"' out.json)"
assert_eq '["","build","build","build","1","1","1","2","3"]' "$(jq -c '[.findings[].stage]' out.json)"
# Spans: where each reference is written, columns in bytes, the end exclusive.
span() { jq -r ".findings[$1] | \"\\(.line):\\(.column)-\\(.end_line):\\(.end_column)\"" out.json; }
assert_eq "1:10-1:$((10 + ${#R} + 23))" "$(span 0)" "the syntax directive's image"
assert_eq "4:13-4:$((13 + ${#R} + 20))" "$(span 3)" "COPY --from"
assert_eq "6:28-6:$((28 + ${#R} + 20))" "$(span 6)" "RUN --mount from="
assert_eq "7:6-7:13" "$(span 7)" "\${BASE}"
# A floating tag: what it equals now.
assert_eq '["3.20.0"] [] 3.20 null' \
  "$(jq -r '.findings[3] | "\(.equals | tojson) \(.equalled_at_pin | tojson) \(.current.tag) \(.current.digest)"' out.json)"
assert_eq "$(seed_digest library/alpine:3.20)" "$(jq -r '.findings[3].suggested.digest' out.json)"
# A drifted floating pin: what it was and what it is now.
assert_eq '["3.19.1"] ["3.19.0"]' "$(jq -r '.findings[4] | "\(.equals | tojson) \(.equalled_at_pin | tojson)"' out.json)"
assert_eq "3.19 $(seed_digest library/alpine:3.19.0) 3.19 $(seed_digest library/alpine:3.19)" \
  "$(jq -r '.findings[4] | "\(.current.tag) \(.current.digest) \(.suggested.tag) \(.suggested.digest)"' out.json)"
assert_eq "$R/library/alpine:3.19@$(seed_digest library/alpine:3.19.0)" "$(jq -r '.findings[4].canonical' out.json)"
# The unresolvable one: written, expanded to nothing, no canonical, no current.
assert_eq '${BASE}||null|null|null|null' \
  "$(jq -r '.findings[7] | [.reference, .expanded, .canonical, .current.tag, .current.digest, .suggested] | map(tostring) | join("|")' out.json)"
assert_eq "$(printf '%s\n' "$R/library/alpine:3.19@$(seed_digest library/alpine:3.19.0)" "$R/library/alpine:3.20" \
  "$R/library/alpine:3.20.0@$(seed_digest library/alpine:3.20.0 linux/amd64)" "$R/library/busybox:1.36.0" \
  "$R/library/python:3.12.1-slim")" "$(jq -r '.references[]' out.json)"
assert_eq "[{\"kind\":\"not-found\",\"message\":\"repository not found or unauthorized\",\"reference\":\"$R/library/nothere:1.0\",\"registry\":\"$R\"}]" \
  "$(jq -c '.errors' out.json)"
assert_eq '[{"column":1,"file":"src/bad.Dockerfile","line":1,"message":"FROM requires either one or three arguments"}]' \
  "$(jq -c '.file_errors' out.json)"
assert_eq '{"distinct_references":6,"exit_code":2,"failing":3,"file_errors":1,"files":2,"findings":9,"not_checked":1,"references":7}' \
  "$(jq -c '.summary | del(.by_kind, .by_level)' out.json)"

# A reference on a continuation line: `line` is the instruction's first line,
# `reference_line` the line the reference starts on.
mkdir cont
printf 'FROM --platform=linux/amd64 \\\n    %s/library/python:3.12.1-slim AS build\n' "$R" >cont/Dockerfile
run_check cont.json --format json --platform linux/amd64 cont
expect_exit 1 cont.json
assert_eq "1 2 5 2 $((5 + ${#R} + 27))" \
  "$(jq -r '.findings[0] | "\(.line) \(.reference_line) \(.column) \(.end_line) \(.end_column)"' cont.json)"
echo PASS

#!/usr/bin/env bash
# Issue 16: `check` and `refs` on a tree of real-world image sources beside a
# Dockerfile (sources/tree.sh): Compose (interpolation, a merged anchor, a
# variable with no value, a build with args), a Kubernetes Deployment, ConfigMap
# and CronJob in one file, a GitHub workflow (container, service, docker://
# step, an expression), .gitlab-ci.yml with !reference, a dev container with
# comments, Helm values beside Chart.yaml (its templates/ never read). Each
# format shows the references with their file, line and column; the JSON has
# the source kind and the path to the value; inline ignores in YAML apply; the
# configuration turns kinds off; a broken source file is one error and the
# rest is still checked.
# registry: open
# seed: standard
source "$STALEBASE_INTEGRATION_DIR/lib.sh"
source "$STALEBASE_INTEGRATION_DIR/check/helpers.sh"
use_registry open
R=$TEST_REGISTRY_HOST
mkdir -p "$TEST_TMPDIR/repo"
cd "$TEST_TMPDIR/repo"
source "$STALEBASE_INTEGRATION_DIR/sources/tree.sh"

# refs: every source, in file order, nothing from the Helm templates or docs.
"$STALEBASE_BIN" refs --format json . >refs.json 2>refs.err || fail "refs failed: $(cat refs.err)"
assert_eq "" "$(jq -r '.errors[]' refs.json)"
assert_eq ".devcontainer/devcontainer.json devcontainer
.github/workflows/ci.yml github-actions
.gitlab-ci.yml gitlab-ci
app/Dockerfile -
charts/web/values.yaml helm-values
compose.yaml compose
deploy/app.yaml kubernetes" "$(jq -r '.references[] | "\(.file) \(.source // "-")"' refs.json | uniq)"
assert_eq "compose.yaml 9 12 9 $((12 + ${#R} + 39)) services.web.image \${WEB_REGISTRY:-$R}/library/alpine:3.19.0 $R/library/alpine:3.19.0" \
  "$(jq -r '.references[] | select(.yaml_path == "services.web.image") | "\(.file) \(.line) \(.column) \(.end_line) \(.end_column) \(.yaml_path) \(.raw) \(.expanded)"' refs.json)"
assert_eq "spec.jobTemplate.spec.template.spec.containers[0].image 2 44" \
  "$(jq -r '.references[] | select(.file == "deploy/app.yaml" and .document == 2) | "\(.yaml_path) \(.document) \(.line)"' refs.json)"
assert_eq "jobs.test.steps[1].uses 18 24 $R/library/alpine:3.20.0" \
  "$(jq -r '.references[] | select(.yaml_path | endswith(".uses")) | "\(.yaml_path) \(.line) \(.column) \(.raw)"' refs.json)"
# The same anchored scalar for both services that merge it.
assert_eq "4:11 4:11" "$(jq -r '[.references[] | select(.yaml_path == "services.cache.image" or .yaml_path == "services.worker.image") | "\(.line):\(.column)"] | join(" ")' refs.json)"
# !reference: the hidden job's service, at its own place.
assert_eq "9 $R/library/busybox:1.36.0" \
  "$(jq -r '.references[] | select(.yaml_path == "test.services[0].name") | "\(.line) \(.expanded)"' refs.json)"
assert_eq "$R/library/python:3.12.1-slim" \
  "$(jq -r '.references[] | select(.yaml_path == "test.image") | .expanded' refs.json)"
# The Compose build's args resolve the Dockerfile's ARG.
assert_eq "$R/library/python:3.12.1-slim" \
  "$(jq -r '.references[] | select(.file == "app/Dockerfile") | .expanded' refs.json)"
assert_eq "unresolved" "$(jq -r '.references[] | select(.yaml_path == "services.api.image") | .status' refs.json)"
assert_contains "$(jq -r '.references[] | select(.yaml_path == "sidecar.image") | .reason' refs.json)" "appVersion"
"$STALEBASE_BIN" refs . >refs.txt
assert_contains "$(cat refs.txt)" "  9:12   compose  services.web.image     $R/library/alpine:3.19.0"

# check --format json: the findings of each source with their places.
run_check out.json --format json --platform linux/amd64 .
expect_exit 1 out.json
tk json-check out.json
# finding YAML_PATH [FILE]: "file:line:column source kind" of its findings.
finding() {
  jq -r --arg p "$1" --arg f "${2:-}" '.findings[] | select(.yaml_path == $p and ($f == "" or .file == $f))
    | "\(.file):\(.line):\(.column) \(.source) \(.kind)"' out.json | sort
}
assert_eq "compose.yaml:9:12 compose minor-available
compose.yaml:9:12 compose patch-available" "$(finding services.web.image)"
assert_eq "compose.yaml:18:12 compose unresolvable" "$(finding services.api.image)"
assert_eq "deploy/app.yaml:16:19 kubernetes minor-available" "$(finding 'spec.template.spec.initContainers[0].image')"
# The CronJob's `latest` is ignored by the comment above it.
assert_eq "" "$(finding 'spec.jobTemplate.spec.template.spec.containers[0].image')"
assert_eq ".github/workflows/ci.yml:9:14 github-actions minor-available
.github/workflows/ci.yml:9:14 github-actions patch-available" "$(finding jobs.test.container.image)"
# busybox:1.36.1 is the newest: nothing to say about the service.
assert_eq "" "$(finding jobs.test.services.cache.image)"
assert_eq ".github/workflows/ci.yml:26:16 github-actions unresolvable" "$(finding jobs.matrix.container)"
assert_eq ".devcontainer/devcontainer.json:5:13 devcontainer minor-available
.devcontainer/devcontainer.json:5:13 devcontainer patch-available" "$(finding image .devcontainer/devcontainer.json)"
assert_eq "charts/web/values.yaml:4:15 helm-values minor-available
charts/web/values.yaml:4:15 helm-values patch-available" "$(finding image charts/web/values.yaml)"
assert_eq "charts/web/values.yaml:9:17 helm-values unresolvable" "$(finding sidecar.image)"
assert_eq "" "$(jq -r '.findings[] | select(.file | test("templates|mkdocs|Chart")) | .file' out.json)"
# Fix edits are the bytes pin/update would change inside the scalar.
assert_eq '5:14-5:15 "1"
5:11-5:13 "20"' "$(jq -r '.findings[] | select(.file == "charts/web/values.yaml" and .yaml_path == "image") | .fix_edits[] | "\(.line):\(.column)-\(.end_line):\(.end_column) \(.replacement | tojson)"' out.json)"
assert_eq '9 "1"' "$(jq -r '.findings[] | select(.yaml_path == "services.web.image" and .kind == "patch-available") | .fix_edits[] | "\(.line) \(.replacement | tojson)"' out.json)"
# A Dockerfile's finding has neither field.
assert_eq "null null" "$(jq -r '[.findings[] | select(.file == "app/Dockerfile")][0] | "\(.source) \(.yaml_path)"' out.json)"
assert_eq 7 "$(jq -r '.summary.files' out.json)"
assert_eq 0 "$(jq -r '.summary.file_errors' out.json)"

# The other formats carry the same places.
run_check out.sarif --format sarif --platform linux/amd64 .
assert_eq "9 12 services.web.image compose" "$(jq -r '[.runs[0].results[] | select(.properties.yaml_path == "services.web.image")][0] | "\(.locations[0].physicalLocation.region.startLine) \(.locations[0].physicalLocation.region.startColumn) \(.properties.yaml_path) \(.properties.source)"' out.sarif)"
run_check out.gh --format github --platform linux/amd64 .
assert_contains "$(cat out.gh)" "file=compose.yaml,line=9,col=12,"
assert_contains "$(cat out.gh)" "file=.github/workflows/ci.yml,line=9,col=14,"
run_check out.md --format markdown --platform linux/amd64 .
assert_contains "$(cat out.md)" "compose.yaml"
assert_contains "$(cat out.md)" "deploy/app.yaml"
run_check out.txt --format table --platform linux/amd64 .
assert_contains "$(cat out.txt)" "charts/web/values.yaml"

# The configuration turns Kubernetes off; --source limits a run.
printf 'sources:\n  kubernetes: false\n' >.stalebase.yaml
run_check out2.json --format json --platform linux/amd64 .
assert_eq "" "$(jq -r '.findings[] | select(.file == "deploy/app.yaml") | .file' out2.json)"
run_check out3.json --format json --platform linux/amd64 --source compose .
assert_eq "app/Dockerfile compose.yaml" "$(jq -r '[.findings[].file] | unique | join(" ")' out3.json)"
printf 'sources:\n  kubernets: false\n' >.stalebase.yaml
run_check out4 --platform linux/amd64 .
expect_exit 2 out4
assert_contains "$(cat out4.err)" 'unknown key "kubernets" in "sources", did you mean "kubernetes"?'
: >.stalebase.yaml

# A broken override is one error at its line and column; the rest is checked.
printf 'services:\n  web:\n    image: [\n' >compose.override.yaml
run_check out5.json --format json --platform linux/amd64 .
expect_exit 2 out5.json
assert_eq "compose.override.yaml 3 14" "$(jq -r '.file_errors[] | "\(.file) \(.line) \(.column)"' out5.json)"
assert_contains "$(cat out5.json.err)" "compose.override.yaml:3:14: error:"
assert_eq "compose.yaml:9:12 compose minor-available
compose.yaml:9:12 compose patch-available" "$(jq -r '.findings[] | select(.yaml_path == "services.web.image") | "\(.file):\(.line):\(.column) \(.source) \(.kind)"' out5.json | sort)"
rm compose.override.yaml

# A billion-laughs manifest is refused fast, as an error of that file.
{
  echo 'apiVersion: v1'
  echo 'kind: List'
  echo 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'
  prev=a
  for n in b c d e f g h i j; do echo "$n: &$n [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"; prev=$n; done
} >deploy/lol.yaml
run_check out6.json --format json --platform linux/amd64 .
expect_exit 2 out6.json
assert_contains "$(jq -r '.file_errors[] | "\(.file): \(.message)"' out6.json)" "deploy/lol.yaml: aliases expand the document"
rm deploy/lol.yaml

# pin rewrites the sources in place (sources/test_rewrite_sources.sh has every
# shape): the anchored image once for both services, the CronJob's ignored
# `latest` left alone, the unresolvable reference refused with its reason.
"$STALEBASE_BIN" -v pin --format json --cache-dir "$TEST_TMPDIR/cache" . >pin.json 2>pin.err || fail "pin failed: $(cat pin.err)"
busybox=$(seed_digest library/busybox:1.36.0)
assert_eq "  image: \"$R/library/busybox:1.36.0@$busybox\"   # shared by two services" "$(sed -n 4p compose.yaml)"
assert_eq "    image: \${WEB_REGISTRY:-$R}/library/alpine:3.19.0@$(seed_digest library/alpine:3.19.0)" "$(sed -n 9p compose.yaml)"
assert_eq "    image: $R/private/app:\${APP_TAG}" "$(sed -n 18p compose.yaml)"
assert_contains "$(jq -r '.files[] | select(.file == "compose.yaml") | .skipped[] | "\(.line) \(.reason)"' pin.json)" \
  "18 variable APP_TAG has no value and no default"
assert_eq "              image: $R/library/alpine:latest" "$(sed -n 44p deploy/app.yaml)"
assert_contains "$(cat pin.err)" "deploy/app.yaml:44: $R/library/alpine:latest has unpinned ignored"
echo PASS

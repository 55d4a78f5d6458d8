// Rewrites of images named in Compose files, Kubernetes manifests, CI files,
// dev container files and Helm values: only the tag and digest bytes change.

#include "stalebase/rewrite/source_edits.hpp"

#include "unit/rewrite/rewrite_helpers.hpp"
#include "unit/sources/extract_helpers.hpp"

using namespace stalebase;
using rewrite::Target;
using sources::SourceKind;
using test::at_path;
using test::digest_of;
using test::extract_ok;

namespace {

Target tag_target(std::string tag) {
  return Target{std::move(tag), std::nullopt};
}

Target digest_target(char c, std::string tag = "") {
  return Target{std::move(tag), *reference::Digest::parse(digest_of(c))};
}

// The file once the reference at `path` gets `target`, or the refusal.
struct Outcome {
  std::string text;
  std::string refusal;
  rewrite::ReferenceEdits edits;
};

Outcome edit(SourceKind kind,
             const std::string &text,
             std::string_view path,
             const Target &target,
             const sources::ExtractOptions &options = {}) {
  const sources::SourceExtraction extraction = extract_ok(kind, text, options);
  const sources::SourceReference &reference = at_path(extraction, path);
  auto edits =
      rewrite::source_reference_edits(text, reference, target, options);
  if (!edits) {
    return Outcome{text, edits.error(), {}};
  }
  std::vector<rewrite::Edit> plain;
  for (const auto &placed : edits->edits) {
    plain.push_back(placed.edit);
  }
  auto applied = rewrite::apply_edits(text, plain);
  REQUIRE(applied);
  return Outcome{*applied, "", *edits};
}

std::string rewritten(SourceKind kind,
                      const std::string &text,
                      std::string_view path,
                      const Target &target,
                      const sources::ExtractOptions &options = {}) {
  Outcome outcome = edit(kind, text, path, target, options);
  INFO(outcome.refusal);
  CHECK(outcome.refusal.empty());
  return outcome.text;
}

std::string refusal(SourceKind kind,
                    const std::string &text,
                    std::string_view path,
                    const Target &target,
                    const sources::ExtractOptions &options = {}) {
  Outcome outcome = edit(kind, text, path, target, options);
  CHECK(outcome.text == text);
  return outcome.refusal;
}

} // namespace

TEST_CASE("source edits: plain, quoted and flow scalars keep their style",
          "[rewrite][sources]") {
  const std::string text = "services:\n"
                           "  web:\n"
                           "    image: nginx:1.25 # front\n"
                           "  db:\n"
                           "    image: 'postgres:13.2'\n"
                           "  cache:\n"
                           "    image: \"redis:6.0.9\"\n"
                           "  flow: {image: busybox:1.36, restart: always}\n";
  CHECK(rewritten(SourceKind::compose, text, "services.web.image",
                  tag_target("1.27")) ==
        "services:\n  web:\n    image: nginx:1.27 # front\n  db:\n"
        "    image: 'postgres:13.2'\n  cache:\n    image: \"redis:6.0.9\"\n"
        "  flow: {image: busybox:1.36, restart: always}\n");
  const std::string pinned =
      rewritten(SourceKind::compose, text, "services.db.image",
                digest_target('a', "13.14"));
  CHECK(pinned.find("    image: 'postgres:13.14@" + digest_of('a') + "'\n") !=
        std::string::npos);
  const std::string cache = rewritten(
      SourceKind::compose, text, "services.cache.image", digest_target('b'));
  CHECK(cache.find("image: \"redis:6.0.9@" + digest_of('b') + "\"\n") !=
        std::string::npos);
  const std::string flow = rewritten(SourceKind::compose, text,
                                     "services.flow.image", digest_target('c'));
  CHECK(flow.find("{image: busybox:1.36@" + digest_of('c') +
                  ", restart: always}") != std::string::npos);
}

TEST_CASE("source edits: only the bytes that differ change",
          "[rewrite][sources]") {
  const std::string text = "services:\n  web:\n    image: nginx:1.25.3\n";
  const Outcome outcome = edit(SourceKind::compose, text, "services.web.image",
                               tag_target("1.25.4"));
  REQUIRE(outcome.edits.edits.size() == 1);
  CHECK(outcome.edits.edits[0].edit.span.offset == text.find("3\n"));
  CHECK(outcome.edits.edits[0].edit.span.length == 1);
  CHECK(outcome.edits.edits[0].edit.replacement == "4");
  CHECK(outcome.edits.edits[0].anchor == text.find("nginx"));
  CHECK(outcome.edits.after == "nginx:1.25.4");
  // The target already holds: no edit.
  const Outcome same = edit(SourceKind::compose, text, "services.web.image",
                            tag_target("1.25.3"));
  CHECK(same.refusal.empty());
  CHECK(same.edits.edits.empty());
}

TEST_CASE("source edits: CRLF, a BOM and comments stay", "[rewrite][sources]") {
  const std::string text =
      "\xEF\xBB\xBF# deploy\r\n"
      "apiVersion: v1\r\n"
      "kind: Pod\r\n"
      "spec:\r\n"
      "  containers:\r\n"
      "    - name: app # main\r\n"
      "      image: \"ghcr.io/acme/app:2.0\"   # pinned?\r\n";
  CHECK(rewritten(SourceKind::kubernetes, text, "spec.containers[0].image",
                  digest_target('d', "2.1")) ==
        "\xEF\xBB\xBF# deploy\r\napiVersion: v1\r\nkind: Pod\r\nspec:\r\n"
        "  containers:\r\n    - name: app # main\r\n"
        "      image: \"ghcr.io/acme/app:2.1@" +
            digest_of('d') + "\"   # pinned?\r\n");
}

TEST_CASE("source edits: escaped and single-quoted scalars are written again "
          "in their style",
          "[rewrite][sources]") {
  // `\x3a` is a `:`: the value is not written byte for byte.
  const std::string escaped =
      "services:\n  web:\n    image: \"nginx\\x3a1.25\"\n";
  CHECK(rewritten(SourceKind::compose, escaped, "services.web.image",
                  tag_target("1.27")) ==
        "services:\n  web:\n    image: \"nginx:1.27\"\n");
  const std::string doubled =
      "jobs:\n  test:\n    container: 'alpine:3.18'''\n";
  // The value `alpine:3.18'` is not a valid reference: nothing to write.
  CHECK(refusal(SourceKind::github_actions, doubled, "jobs.test.container",
                tag_target("3.19"))
            .starts_with("the reference is not valid: "));
  const std::string folded = "services:\n  web:\n    image: 'nginx:\n"
                             "      1.25'\n";
  // A quoted scalar over two lines folds to `nginx: 1.25`: invalid too.
  CHECK(refusal(SourceKind::compose, folded, "services.web.image",
                tag_target("1.27"))
            .starts_with("the reference is not valid: "));
  const std::string multiline = "services:\n  web:\n    image: \"nginx:1.25\\\n"
                                "      \"\n";
  CHECK(rewritten(SourceKind::compose, multiline, "services.web.image",
                  tag_target("1.27")) ==
        "services:\n  web:\n    image: \"nginx:1.27\"\n");
}

TEST_CASE("source edits: block scalars on one line are edited in place; over "
          "several lines refused",
          "[rewrite][sources]") {
  const std::string literal = "services:\n  web:\n    image: |-\n"
                              "      nginx:1.25\n  db:\n    image: postgres\n";
  CHECK(rewritten(SourceKind::compose, literal, "services.web.image",
                  tag_target("1.27")) ==
        "services:\n  web:\n    image: |-\n      nginx:1.27\n  db:\n"
        "    image: postgres\n");
  const std::string folded = "services:\n  web:\n    image: >-\n"
                             "      nginx:1.25\n";
  CHECK(rewritten(SourceKind::compose, folded, "services.web.image",
                  digest_target('e')) ==
        "services:\n  web:\n    image: >-\n      nginx:1.25@" + digest_of('e') +
            "\n");
  const std::string split = "services:\n  web:\n    image: >-\n"
                            "      nginx:\n      1.25\n";
  // Folded into `nginx: 1.25`, which is not a reference.
  CHECK(refusal(SourceKind::compose, split, "services.web.image",
                tag_target("1.27"))
            .starts_with("the reference is not valid: "));
}

TEST_CASE("source edits: a plain scalar over several lines is refused",
          "[rewrite][sources]") {
  const std::string text = "spec:\n  containers:\n  - image: ghcr.io/acme/\n"
                           "      app:1.0\n";
  const std::string full = "apiVersion: v1\nkind: Pod\n" + text;
  // Folded with a space: invalid, refused before any edit.
  CHECK(refusal(SourceKind::kubernetes, full, "spec.containers[0].image",
                tag_target("1.1"))
            .starts_with("the reference is not valid: "));
}

TEST_CASE("source edits: GitHub's docker:// prefix stays",
          "[rewrite][sources]") {
  const std::string text =
      "jobs:\n  lint:\n    steps:\n"
      "      - uses: docker://alpine:3.18\n"
      "      - uses: \"docker://hadolint/hadolint:v2.12.0\"\n";
  CHECK(rewritten(SourceKind::github_actions, text, "jobs.lint.steps[1].uses",
                  digest_target('f', "v2.12.1")) ==
        "jobs:\n  lint:\n    steps:\n      - uses: docker://alpine:3.18\n"
        "      - uses: \"docker://hadolint/hadolint:v2.12.1@" +
            digest_of('f') + "\"\n");
}

TEST_CASE("source edits: dev container JSON strings", "[rewrite][sources]") {
  const std::string text = "{\n  // base\n  \"name\": \"x\",\n"
                           "  \"image\": \"mcr.microsoft.com/devcontainers/"
                           "base:1-bookworm\",\n}\n";
  CHECK(rewritten(SourceKind::devcontainer, text, "image",
                  tag_target("2-bookworm")) ==
        "{\n  // base\n  \"name\": \"x\",\n  \"image\": "
        "\"mcr.microsoft.com/devcontainers/base:2-bookworm\",\n}\n");
  // An escaped slash: the string is written again with JSON's escapes.
  const std::string escaped = "{\"image\": \"mcr.microsoft.com\\/devcontainers"
                              "\\/base:1\", \"x\": 1}";
  CHECK(
      rewritten(SourceKind::devcontainer, escaped, "image", tag_target("2")) ==
      "{\"image\": \"mcr.microsoft.com/devcontainers/base:2\", \"x\": 1}");
}

TEST_CASE("source edits: Compose interpolation", "[rewrite][sources]") {
  const std::string text = "services:\n"
                           "  web:\n"
                           "    image: nginx:${NGINX_TAG:-1.25}\n"
                           "  db:\n"
                           "    image: postgres:${PG_TAG}\n"
                           "  app:\n"
                           "    image: ${REGISTRY:-ghcr.io}/acme/app:1.0\n"
                           "  cost:\n"
                           "    image: acme/$${NAME}:1.0\n";
  sources::ExtractOptions options;
  options.compose_env = {{"PG_TAG", "13.2"}, {"REGISTRY", "registry.local"}};
  // The default holds the tag: it is edited, the digest goes after it.
  CHECK(rewritten(SourceKind::compose, text, "services.web.image",
                  digest_target('1', "1.27"), options)
            .find("    image: nginx:${NGINX_TAG:-1.27@" + digest_of('1') +
                  "}\n") != std::string::npos);
  // The tag comes from the environment (.env): refused.
  CHECK(refusal(SourceKind::compose, text, "services.db.image",
                tag_target("13.14"), options) ==
        "the tag comes from a variable set outside the Compose file (PG_TAG) "
        "by the environment or the .env file: change it there");
  CHECK(refusal(SourceKind::compose, text, "services.db.image",
                digest_target('2'), options) ==
        "the reference ends in a variable set outside the Compose file "
        "(PG_TAG) by the environment or the .env file: change it there");
  // The registry comes from the environment, the tag is literal: fine.
  CHECK(rewritten(SourceKind::compose, text, "services.app.image",
                  tag_target("1.1"), options)
            .find("    image: ${REGISTRY:-ghcr.io}/acme/app:1.1\n") !=
        std::string::npos);
  // Extracted with another environment than the one given: refused.
  const sources::SourceExtraction extraction =
      extract_ok(SourceKind::compose, text, options);
  const auto other = rewrite::source_reference_edits(
      text, at_path(extraction, "services.app.image"), tag_target("1.1"), {});
  REQUIRE_FALSE(other);
  CHECK(other.error() ==
        "the file does not hold this reference as it was read");
}

TEST_CASE("source edits: GitLab variables are refused", "[rewrite][sources]") {
  const std::string text = "variables:\n  TAG: \"3.18\"\n"
                           "test:\n  image: alpine:$TAG\n";
  CHECK(
      refusal(SourceKind::gitlab_ci, text, "test.image", tag_target("3.19")) ==
      "the image is built from GitLab variables: change their values in "
      "variables: by hand");
}

TEST_CASE("source edits: unresolvable and invalid references are refused",
          "[rewrite][sources]") {
  const std::string text = "jobs:\n  a:\n    container: ${{ matrix.image }}\n";
  CHECK(refusal(SourceKind::github_actions, text, "jobs.a.container",
                tag_target("1")) ==
        "the image cannot be known from the file: a GitHub Actions expression "
        "(${{ … }}) is evaluated only when the workflow runs");
  const std::string compose = "services:\n  web:\n    image: nginx:1.25\n";
  CHECK(refusal(SourceKind::compose, compose, "services.web.image",
                tag_target("bad tag")) != "");
}

TEST_CASE("source edits: Helm tag and digest scalars", "[rewrite][sources]") {
  const std::string text = "image:\n"
                           "  registry: docker.io\n"
                           "  repository: bitnami/nginx\n"
                           "  tag: 1.25.3-debian-11-r2 # app version\n"
                           "  digest: \"\"\n"
                           "  pullPolicy: IfNotPresent\n"
                           "legacy:\n"
                           "  image:\n"
                           "    repository: quay.io/acme/legacy\n"
                           "    tag: v1\n"
                           "    sha: " +
                           std::string(64, 'a') + "\n";
  CHECK(rewritten(SourceKind::helm_values, text, "image",
                  digest_target('b', "1.25.4-debian-11-r0")) ==
        "image:\n  registry: docker.io\n  repository: bitnami/nginx\n"
        "  tag: 1.25.4-debian-11-r0 # app version\n  digest: \"" +
            digest_of('b') + "\"\n  pullPolicy: IfNotPresent\n" +
            text.substr(text.find("legacy:")));
  // `sha:` holds the hex digits only.
  const std::string legacy = rewritten(SourceKind::helm_values, text,
                                       "legacy.image", digest_target('c'));
  CHECK(legacy.find("    tag: v1\n    sha: " + std::string(64, 'c') + "\n") !=
        std::string::npos);
}

TEST_CASE("source edits: a Helm digest: line is added with the mapping's "
          "indentation",
          "[rewrite][sources]") {
  const std::string text = "app:\r\n"
                           "  image:\r\n"
                           "    repository: ghcr.io/acme/app\r\n"
                           "    tag: \"2.0\"   # bumped by CI\r\n"
                           "    pullPolicy: Always\r\n"
                           "side:\r\n"
                           "  - image:\r\n"
                           "      repository: envoyproxy/envoy\r\n"
                           "      tag: v1.28.0";
  CHECK(rewritten(SourceKind::helm_values, text, "app.image",
                  digest_target('d')) ==
        "app:\r\n  image:\r\n    repository: ghcr.io/acme/app\r\n"
        "    tag: \"2.0\"   # bumped by CI\r\n    digest: " +
            digest_of('d') +
            "\r\n    pullPolicy: Always\r\nside:\r\n  - image:\r\n"
            "      repository: envoyproxy/envoy\r\n      tag: v1.28.0");
  // At the end of a file without a final line break.
  CHECK(
      rewritten(SourceKind::helm_values, text, "side[0].image",
                digest_target('e'))
          .ends_with("      tag: v1.28.0\r\n      digest: " + digest_of('e')));
  const std::string flow =
      "metrics:\n  image: {repository: bitnami/exporter, tag: 1.0.3}\n";
  CHECK(rewritten(SourceKind::helm_values, flow, "metrics.image",
                  digest_target('f')) ==
        "metrics:\n  image: {repository: bitnami/exporter, tag: 1.0.3, "
        "digest: " +
            digest_of('f') + "}\n");
  const std::string crowded = "r: &r a/b\nt: &t 1.0.0\n"
                              "one:\n  image: {repository: *r, tag: *t}\n"
                              "two:\n  image: {repository: *r, tag: *t}\n";
  CHECK(refusal(SourceKind::helm_values, "image: {repository: a/b}\n", "image",
                digest_target('1')) ==
        "the image cannot be known from the file: the tag is empty: it comes "
        "from the chart's appVersion (Chart.yaml)");
  CHECK(refusal(SourceKind::helm_values, crowded, "one.image",
                digest_target('1')) ==
        "the tag: of this image is written where a digest: key cannot be "
        "added beside it: add it by hand");
}

TEST_CASE("source edits: a Helm digest: added to a merged mapping goes into "
          "its base",
          "[rewrite][sources]") {
  const std::string text = "image: &img\n"
                           "  repository: acme/app\n"
                           "  tag: \"1.0\"\n"
                           "copy:\n"
                           "  image:\n"
                           "    <<: *img\n";
  const sources::SourceExtraction extraction =
      extract_ok(SourceKind::helm_values, text);
  REQUIRE(extraction.references.size() == 2);
  const Target pinned = digest_target('9');
  const rewrite::FilePlan plan =
      rewrite::plan_source_file(text, extraction.references, {pinned, pinned});
  CHECK(plan.skipped.empty());
  CHECK(*rewrite::apply_edits(text, plan.edits) ==
        "image: &img\n  repository: acme/app\n  tag: \"1.0\"\n  digest: " +
            digest_of('9') + "\ncopy:\n  image:\n    <<: *img\n");
}

TEST_CASE("source edits: a Helm tag that reads as a number is written quoted",
          "[rewrite][sources]") {
  const std::string text = "image:\n  repository: acme/app\n  tag: 1.25\n";
  CHECK(rewritten(SourceKind::helm_values, text, "image", tag_target("1.10")) ==
        "image:\n  repository: acme/app\n  tag: \"1.10\"\n");
  CHECK(
      rewritten(SourceKind::helm_values, text, "image", tag_target("1.26.1")) ==
      "image:\n  repository: acme/app\n  tag: 1.26.1\n");
  const std::string dated = "image:\n  repository: acme/app\n  tag: v1\n";
  CHECK(rewritten(SourceKind::helm_values, dated, "image",
                  tag_target("20240101")) ==
        "image:\n  repository: acme/app\n  tag: \"20240101\"\n");
  // Single-quoted stays single-quoted.
  const std::string quoted = "image:\n  repository: acme/app\n  tag: '1.25'\n";
  CHECK(
      rewritten(SourceKind::helm_values, quoted, "image", tag_target("1.10")) ==
      "image:\n  repository: acme/app\n  tag: '1.10'\n");
}

TEST_CASE("source plans: an anchored image is edited only when every use "
          "agrees",
          "[rewrite][sources]") {
  const std::string text = "x-base: &base\n"
                           "  image: node:20.10 # shared\n"
                           "services:\n"
                           "  api:\n"
                           "    <<: *base\n"
                           "  worker:\n"
                           "    <<: *base\n";
  const sources::SourceExtraction extraction =
      extract_ok(SourceKind::compose, text);
  REQUIRE(extraction.references.size() == 2);
  const Target newer = tag_target("20.11");
  // Both uses get the same edit: one edit of the anchored scalar.
  rewrite::FilePlan plan =
      rewrite::plan_source_file(text, extraction.references, {newer, newer});
  CHECK(plan.skipped.empty());
  REQUIRE(plan.changes.size() == 2);
  REQUIRE(plan.edits.size() == 1);
  CHECK(*rewrite::apply_edits(text, plan.edits) ==
        "x-base: &base\n  image: node:20.11 # shared\nservices:\n  api:\n"
        "    <<: *base\n  worker:\n    <<: *base\n");
  // Only one use would change: both are left alone, with the reason.
  plan = rewrite::plan_source_file(text, extraction.references,
                                   {newer, std::nullopt});
  CHECK(plan.edits.empty());
  REQUIRE(plan.skipped.size() == 1);
  CHECK(plan.skipped[0].reason ==
        "its value is written once (a shared scalar) for the image at "
        "services.worker.image (line 2) too, which would not get the same "
        "change");
  // Different targets: both refused.
  plan = rewrite::plan_source_file(text, extraction.references,
                                   {newer, tag_target("21.0")});
  CHECK(plan.edits.empty());
  CHECK(plan.skipped.size() == 2);
}

TEST_CASE("source plans: an alias names its anchor in the reason",
          "[rewrite][sources]") {
  const std::string text = "services:\n"
                           "  a:\n    image: &img redis:7.0\n"
                           "  b:\n    image: *img\n"
                           "  c:\n    image: redis:7.0\n";
  const sources::SourceExtraction extraction =
      extract_ok(SourceKind::compose, text);
  REQUIRE(extraction.references.size() == 3);
  const Target newer = tag_target("7.2");
  rewrite::FilePlan plan = rewrite::plan_source_file(
      text, extraction.references, {std::nullopt, newer, newer});
  REQUIRE(plan.skipped.size() == 1);
  CHECK(plan.skipped[0].reference == 1);
  CHECK(plan.skipped[0].reason ==
        "its value is written once (anchor &img) for the image at "
        "services.a.image (line 3) too, which would not get the same change");
  REQUIRE(plan.changes.size() == 1);
  CHECK(*rewrite::apply_edits(text, plan.edits) ==
        "services:\n  a:\n    image: &img redis:7.0\n  b:\n    image: *img\n"
        "  c:\n    image: redis:7.2\n");
}

TEST_CASE("source edits: more real-world shapes", "[rewrite][sources]") {
  // A default without a tag takes one.
  const std::string compose = "services:\n  web:\n"
                              "    image: \"${IMAGE:-nginx}\"\n";
  CHECK(rewritten(SourceKind::compose, compose, "services.web.image",
                  tag_target("1.27")) ==
        "services:\n  web:\n    image: \"${IMAGE:-nginx:1.27}\"\n");
  // Kubernetes: two documents with the same path, each edited alone.
  const std::string manifests =
      "apiVersion: v1\nkind: Pod\nspec:\n"
      "  containers: [{name: a, image: nginx:1.25}]\n"
      "---\n"
      "apiVersion: v1\nkind: Pod\nspec:\n"
      "  containers: [{name: a, image: nginx:1.25}]\n";
  const sources::SourceExtraction pods =
      extract_ok(SourceKind::kubernetes, manifests);
  REQUIRE(pods.references.size() == 2);
  const auto second = rewrite::source_reference_edits(
      manifests, pods.references[1], tag_target("1.27"));
  REQUIRE(second);
  REQUIRE(second->edits.size() == 1);
  CHECK(second->edits[0].edit.span.offset > manifests.find("---"));
  // An anchored quoted scalar used through an alias.
  const std::string workflow = "jobs:\n"
                               "  a:\n    container: &img 'node:20'\n"
                               "  b:\n    container: *img\n";
  const sources::SourceExtraction jobs =
      extract_ok(SourceKind::github_actions, workflow);
  REQUIRE(jobs.references.size() == 2);
  const Target pinned = digest_target('7', "22");
  const rewrite::FilePlan plan =
      rewrite::plan_source_file(workflow, jobs.references, {pinned, pinned});
  CHECK(plan.skipped.empty());
  CHECK(*rewrite::apply_edits(workflow, plan.edits) ==
        "jobs:\n  a:\n    container: &img 'node:22@" + digest_of('7') +
            "'\n  b:\n    container: *img\n");
}

TEST_CASE("source plans: GitLab jobs extending one base edit it once",
          "[rewrite][sources]") {
  const std::string text = ".base:\n  image: ruby:3.2 # shared\n"
                           "unit:\n  extends: .base\n"
                           "lint:\n  extends: .base\n";
  const sources::SourceExtraction extraction =
      extract_ok(SourceKind::gitlab_ci, text);
  REQUIRE(extraction.references.size() == 3);
  const Target newer = tag_target("3.3");
  rewrite::FilePlan plan = rewrite::plan_source_file(
      text, extraction.references, {newer, newer, newer});
  CHECK(plan.skipped.empty());
  CHECK(plan.changes.size() == 3);
  CHECK(*rewrite::apply_edits(text, plan.edits) ==
        ".base:\n  image: ruby:3.3 # shared\nunit:\n  extends: .base\n"
        "lint:\n  extends: .base\n");
  plan = rewrite::plan_source_file(text, extraction.references,
                                   {newer, std::nullopt, newer});
  CHECK(plan.edits.empty());
  CHECK(plan.skipped.size() == 2);
}

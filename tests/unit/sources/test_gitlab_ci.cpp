// GitLab CI: image and services at the top, under default:, in jobs (hidden
// ones too), !reference, variables.

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("gitlab ci: every place an image is named", "[sources]") {
  const std::string text =
      "image: ruby:3.2\n"
      "services:\n"
      "  - postgres:15\n"
      "variables:\n"
      "  PG_VERSION: \"16\"\n"
      "  REGISTRY: {value: registry.example.com, description: mirror}\n"
      "default:\n"
      "  image:\n"
      "    name: python:3.12\n"
      "    entrypoint: ['']\n"
      "stages: [build, test]\n"
      ".db-services:\n"
      "  services:\n"
      "    - name: postgres:$PG_VERSION\n"
      "      alias: db\n"
      "    - redis:7\n"
      ".base:\n"
      "  image: node:20\n"
      "test:\n"
      "  stage: test\n"
      "  image: !reference [.base, image]\n"
      "  services:\n"
      "    - !reference [.db-services, services]\n"
      "    - ${REGISTRY}/tools/mock:1\n"
      "  script: [npm test]\n"
      "deploy:\n"
      "  variables:\n"
      "    PG_VERSION: \"17\"\n"
      "  image: $CI_REGISTRY_IMAGE/deployer:latest\n"
      "  services: [\"postgres:${PG_VERSION}\", $$literal]\n"
      "broken:\n"
      "  image: !reference [.nowhere, image]\n";
  const SourceExtraction out = extract_ok(SourceKind::gitlab_ci, text);
  CHECK(at_path(out, "image").value == "ruby:3.2");
  CHECK(at_path(out, "services[0]").value == "postgres:15");
  CHECK(at_path(out, "default.image.name").value == "python:3.12");
  CHECK(at_path(out, ".db-services.services[0].name").value == "postgres:16");
  CHECK(at_path(out, ".base.image").value == "node:20");

  // Followed references report the bytes they lead to.
  const SourceReference &test_image = at_path(out, "test.image");
  CHECK(test_image.value == "node:20");
  CHECK(test_image.line == 18);
  CHECK(at_path(out, "test.services[0][0].name").value == "postgres:16");
  CHECK(at_path(out, "test.services[0][1]").value == "redis:7");
  CHECK(at_path(out, "test.services[1]").value ==
        "registry.example.com/tools/mock:1");

  const SourceReference &deployer = at_path(out, "deploy.image");
  REQUIRE(deployer.unresolvable);
  CHECK(*deployer.unresolvable ==
        "GitLab variable $CI_REGISTRY_IMAGE is not defined in the file's "
        "variables: it is set when the pipeline runs");
  const SourceReference &job_pg = at_path(out, "deploy.services[0]");
  CHECK(job_pg.value == "postgres:17"); // the job's variables win
  CHECK(slice(text, job_pg.value_span) == "postgres:${PG_VERSION}");
  CHECK(at_path(out, "deploy.services[1]").value == "$literal");

  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].message ==
        "!reference [.nowhere, image] names nothing in this file");
  CHECK(out.errors[0].line == 32);
}

TEST_CASE("gitlab ci: extends: inherits image and services", "[sources]") {
  const std::string text = "variables:\n"
                           "  NODE: \"20\"\n"
                           ".node:\n"
                           "  image: node:$NODE\n"
                           "  services:\n"
                           "    - redis:7\n"
                           ".db:\n"
                           "  services:\n"
                           "    - postgres:$PG\n"
                           "  variables:\n"
                           "    PG: \"15\"\n"
                           ".chain:\n"
                           "  extends: .node\n"
                           "  variables:\n"
                           "    NODE: \"22\"\n"
                           "unit:\n"
                           "  extends: .node\n"
                           "lint:\n"
                           "  extends: [.node, .db]\n"
                           "e2e:\n"
                           "  extends: .chain\n"
                           "  services: [mysql:8]\n"
                           "own:\n"
                           "  extends: .node\n"
                           "  image: python:3.12\n";
  const SourceExtraction out = extract_ok(SourceKind::gitlab_ci, text);
  CHECK(out.errors.empty());
  const SourceReference &base = at_path(out, ".node.image");
  const SourceReference &unit = at_path(out, "unit.image");
  CHECK(unit.value == "node:20");
  // The bytes are the base job's: a rewrite edits them once.
  CHECK(unit.scalar.node == base.scalar.node);
  CHECK(unit.line == 4);
  CHECK(at_path(out, "unit.services[0]").value == "redis:7");
  // The last job listed wins; variables come with the job that set them.
  CHECK(at_path(out, "lint.image").value == "node:20");
  CHECK(at_path(out, "lint.services[0]").value == "postgres:15");
  // Through a chain, with the chain's variables.
  CHECK(at_path(out, "e2e.image").value == "node:22");
  CHECK(at_path(out, "e2e.services[0]").value == "mysql:8");
  CHECK(at_path(out, "own.image").value == "python:3.12");
  CHECK(at_path(out, ".chain.image").value == "node:22");
}

TEST_CASE("gitlab ci: extends: loops and unknown jobs are one-line errors",
          "[sources]") {
  const std::string text = "a:\n"
                           "  extends: b\n"
                           "  image: alpine:3.18\n"
                           "b:\n"
                           "  extends: [c]\n"
                           "c:\n"
                           "  extends: a\n"
                           "d:\n"
                           "  extends: .missing\n"
                           "self:\n"
                           "  extends: self\n";
  const SourceExtraction out = extract_ok(SourceKind::gitlab_ci, text);
  REQUIRE(out.errors.size() == 3);
  CHECK(out.errors[0].message == "extends: loops (a → b → c → a)");
  CHECK(out.errors[0].line == 7);
  CHECK(out.errors[1].message == "extends: .missing names no job in this file");
  CHECK(out.errors[1].line == 9);
  CHECK(out.errors[2].message == "extends: loops (self → self)");
  // The image is still found through the loop where it is set.
  CHECK(at_path(out, "b.image").value == "alpine:3.18");
  CHECK(at_path(out, "c.image").value == "alpine:3.18");
  // A job from an included file is not an error.
  const SourceExtraction included =
      extract_ok(SourceKind::gitlab_ci,
                 "include: templates.yml\njob:\n  extends: .from-template\n");
  CHECK(included.errors.empty());
}

TEST_CASE("gitlab ci: extends: many jobs extending many stay cheap",
          "[sources]") {
  std::string text;
  std::string all = "[";
  for (int i = 0; i < 300; ++i) {
    all += (i ? ", j" : "j") + std::to_string(i);
  }
  all += "]";
  for (int i = 0; i < 300; ++i) {
    text += "j" + std::to_string(i) + ":\n  extends: " + all +
            "\n  variables: {V" + std::to_string(i) + ": x}\n";
  }
  text += "j0x:\n  image: alpine:3\n";
  const SourceExtraction out = extract_ok(SourceKind::gitlab_ci, text);
  CHECK_FALSE(out.errors.empty());
}

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

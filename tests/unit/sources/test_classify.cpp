// Which source a file is, by its name and (for Kubernetes) its documents.

#include "stalebase/sources/classify.hpp"

#include "source_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::yaml_ok;

TEST_CASE("classify: by path", "[sources]") {
  const auto kind = [](std::string_view path, bool chart = false) {
    return source_kind_by_path(path, chart);
  };
  CHECK(kind("compose.yaml") == SourceKind::compose);
  CHECK(kind("deploy/docker-compose.yml") == SourceKind::compose);
  CHECK(kind("compose.override.yaml") == SourceKind::compose);
  CHECK(kind("docker-compose.prod.yml") == SourceKind::compose);
  CHECK_FALSE(kind("my-compose.yaml"));
  CHECK_FALSE(kind("compose.json"));
  CHECK(kind(".github/workflows/ci.yml") == SourceKind::github_actions);
  CHECK(kind("sub/.github/workflows/release.yaml") ==
        SourceKind::github_actions);
  CHECK_FALSE(kind(".github/workflows/nested/ci.yml"));
  CHECK_FALSE(kind(".github/dependabot.yml"));
  CHECK(kind(".gitlab-ci.yml") == SourceKind::gitlab_ci);
  CHECK(kind(".devcontainer/devcontainer.json") == SourceKind::devcontainer);
  CHECK(kind(".devcontainer.json") == SourceKind::devcontainer);
  CHECK(kind(".devcontainer/python/devcontainer.json") ==
        SourceKind::devcontainer);
  CHECK_FALSE(kind(".devcontainer/a/b/devcontainer.json"));
  CHECK_FALSE(kind("devcontainer.json"));
  CHECK(kind("charts/web/values.yaml", true) == SourceKind::helm_values);
  CHECK(kind("charts/web/values-prod.yaml", true) == SourceKind::helm_values);
  CHECK_FALSE(kind("charts/web/values.yaml", false));
  CHECK(is_yaml_path("a/b.yml"));
  CHECK_FALSE(is_yaml_path("a/b.json"));
}

TEST_CASE("classify: Kubernetes by its documents", "[sources]") {
  const auto pod = classify_yaml_documents(
      yaml_ok("# config\n---\napiVersion: v1\nkind: Pod\n"));
  REQUIRE(pod);
  CHECK(*pod == SourceKind::kubernetes);
  const auto other =
      classify_yaml_documents(yaml_ok("apiVersion: v2\nname: chart\n"));
  REQUIRE_FALSE(other);
  CHECK(other.error().find("apiVersion and kind") != std::string::npos);
}

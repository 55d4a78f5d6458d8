// GitHub Actions workflows: job containers, service containers, docker://
// steps, expressions.

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("github actions: containers, services and docker:// steps",
          "[sources]") {
  const std::string text =
      "name: CI\n"
      "on: [push, pull_request]\n"
      "jobs:\n"
      "  test:\n"
      "    runs-on: ubuntu-latest\n"
      "    container: node:20-bookworm\n"
      "    services:\n"
      "      redis:\n"
      "        image: redis:6.0.9\n"
      "        ports: ['6379:6379']\n"
      "      postgres:\n"
      "        image: ${{ matrix.postgres }}\n"
      "    steps:\n"
      "      - uses: actions/checkout@v4\n"
      "      - name: Lint\n"
      "        uses: \"docker://ghcr.io/acme/linter:1.2\"\n"
      "      - run: npm test\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    container:\n"
      "      image: 'golang:1.22'\n"
      "      options: --cpus 2\n"
      "    steps:\n"
      "      - uses: docker://alpine:3.19\n"
      "        with: {args: echo hi}\n";
  const SourceExtraction out = extract_ok(SourceKind::github_actions, text);
  REQUIRE(out.references.size() == 6);
  CHECK(at_path(out, "jobs.test.container").value == "node:20-bookworm");
  const SourceReference &redis = at_path(out, "jobs.test.services.redis.image");
  CHECK(redis.value == "redis:6.0.9");
  CHECK(redis.line == 9);
  CHECK(redis.column == 16);
  const SourceReference &postgres =
      at_path(out, "jobs.test.services.postgres.image");
  REQUIRE(postgres.unresolvable);
  CHECK(postgres.unresolvable->find("${{") != std::string::npos);
  const SourceReference &lint = at_path(out, "jobs.test.steps[1].uses");
  CHECK(lint.written == "ghcr.io/acme/linter:1.2");
  CHECK(slice(text, lint.value_span) == "ghcr.io/acme/linter:1.2");
  CHECK(slice(text, lint.scalar.scalar_span) ==
        "\"docker://ghcr.io/acme/linter:1.2\"");
  CHECK(lint.column == 25);
  CHECK(at_path(out, "jobs.build.container.image").value == "golang:1.22");
  CHECK(at_path(out, "jobs.build.steps[0].uses").image->familiar() ==
        "alpine:3.19");
}

// Helm values: image blocks with registry, repository, tag and digest.

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("helm values: nested image blocks", "[sources]") {
  const std::string digest =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  const std::string text =
      "replicaCount: 1\n"
      "image:\n"
      "  registry: docker.io\n"
      "  repository: bitnami/wordpress\n"
      "  tag: 6.4.2-debian-11-r0\n"
      "  digest: \"\"\n"
      "  pullPolicy: IfNotPresent\n"
      "mariadb:\n"
      "  enabled: true\n"
      "  image:\n"
      "    registry: \"\"\n"
      "    repository: bitnami/mariadb\n"
      "    tag: \"11.1.3\"\n"
      "    digest: " +
      digest +
      "\n"
      "metrics:\n"
      "  image: {repository: bitnami/apache-exporter, tag: 1.0.3}\n"
      "app:\n"
      "  image:\n"
      "    repository: ghcr.io/acme/app\n"
      "    tag: \"\"   # defaults to the chart appVersion\n"
      "sidecars:\n"
      "  - name: proxy\n"
      "    image:\n"
      "      repository: envoyproxy/envoy\n"
      "      tag: '{{ .Values.envoyTag }}'\n"
      "legacy:\n"
      "  image:\n"
      "    repository: quay.io/acme/legacy\n"
      "    sha: "
      "2222222222222222222222222222222222222222222222222222222222222222\n"
      "placeholder:\n"
      "  image: {repository: \"\", tag: \"\"}\n"
      "notAnImage:\n"
      "  image: nginx:1.25\n";
  const SourceExtraction out = extract_ok(SourceKind::helm_values, text);
  REQUIRE(out.references.size() == 6);

  const SourceReference &top = at_path(out, "image");
  CHECK(top.value == "docker.io/bitnami/wordpress:6.4.2-debian-11-r0");
  REQUIRE(top.tag);
  CHECK(slice(text, top.tag->scalar_span) == "6.4.2-debian-11-r0");
  REQUIRE(top.digest);
  CHECK(slice(text, top.digest->scalar_span) == "\"\"");
  CHECK(top.line == 4);
  CHECK(top.column == 15);
  REQUIRE(top.image);

  const SourceReference &mariadb = at_path(out, "mariadb.image");
  CHECK(mariadb.value == "bitnami/mariadb:11.1.3@" + digest);
  CHECK(slice(text, mariadb.tag->scalar_span) == "\"11.1.3\"");
  CHECK(mariadb.tag->style == ScalarStyle::double_quoted);
  CHECK(slice(text, mariadb.digest->scalar_span) == digest);
  REQUIRE(mariadb.image);
  CHECK(mariadb.image->digest.has_value());

  CHECK(at_path(out, "metrics.image").value == "bitnami/apache-exporter:1.0.3");

  const SourceReference &app = at_path(out, "app.image");
  REQUIRE(app.unresolvable);
  CHECK(*app.unresolvable ==
        "the tag is empty: it comes from the chart's appVersion (Chart.yaml)");

  const SourceReference &proxy = at_path(out, "sidecars[0].image");
  REQUIRE(proxy.unresolvable);
  CHECK(proxy.unresolvable->find("Helm template") != std::string::npos);

  CHECK(at_path(out, "legacy.image").value ==
        "quay.io/acme/legacy@sha256:"
        "2222222222222222222222222222222222222222222222222222222222222222");
}

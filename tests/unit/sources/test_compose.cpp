// Compose files: services.*.image with interpolation, anchors and merge keys;
// build sections recorded.

#include "stalebase/sources/compose_interpolation.hpp"

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("compose interpolation", "[sources]") {
  const ComposeEnvironment env{{"TAG", "16"}, {"EMPTY", ""}};
  const auto ok = [&](std::string_view text) {
    auto value = interpolate_compose(text, env);
    REQUIRE(value);
    return *value;
  };
  const auto why = [&](std::string_view text) {
    auto value = interpolate_compose(text, env);
    REQUIRE_FALSE(value);
    return value.error();
  };
  CHECK(ok("postgres:${TAG}") == "postgres:16");
  CHECK(ok("postgres:$TAG-alpine") == "postgres:16-alpine");
  CHECK(ok("postgres:${NOPE:-15}") == "postgres:15");
  CHECK(ok("postgres:${EMPTY:-15}") == "postgres:15");
  CHECK(ok("postgres:${EMPTY-15}") == "postgres:");
  CHECK(ok("postgres:${NOPE-15}") == "postgres:15");
  CHECK(ok("${NOPE:-${TAG:-x}}") == "16");
  CHECK(ok("a$$b") == "a$b");
  CHECK(ok("${TAG:+set}${NOPE:+unset}") == "set");
  CHECK(ok("${TAG:?needed}") == "16");
  CHECK(why("postgres:${NOPE}") == "variable NOPE has no value and no default");
  CHECK(why("postgres:$NOPE") == "variable NOPE has no value and no default");
  CHECK(why("${NOPE:?set NOPE first}") ==
        "required variable NOPE has no value: set NOPE first");
  CHECK(why("${EMPTY:?}") == "required variable EMPTY has no value");
  CHECK(why("${TAG") == "invalid interpolation: \"${\" without \"}\"");
  CHECK(why("${1A}") == "invalid interpolation \"${1A}\"");
  // A colon with no operator after it (found by yaml_fuzzer).
  CHECK(why("${TAG:}") == "invalid interpolation \"${TAG:}\"");
  CHECK(why("${TAG:x}") == "invalid interpolation \"${TAG:x}\"");
  std::string deep = "x";
  for (int i = 0; i < 250; ++i) {
    deep = "${N:-" + deep + "}";
  }
  CHECK(why(deep) == "substitutions nested more than 200 levels deep");
}

TEST_CASE("compose: images through anchors, merge keys and interpolation",
          "[sources]") {
  const std::string text =
      "# compose.yaml\n"
      "x-db: &db\n"
      "  image: \"postgres:13.2\"   # the anchored scalar\n"
      "  restart: unless-stopped\n"
      "\n"
      "services:\n"
      "  db:\n"
      "    <<: *db\n"
      "  db-replica:\n"
      "    <<: *db\n"
      "    environment:\n"
      "      POSTGRES_REPLICA: 'yes'\n"
      "  cache:\n"
      "    image: redis:${REDIS_TAG:-6.0.9}\n"
      "  web:\n"
      "    image: 'ghcr.io/acme/web:${WEB_TAG}'\n"
      "    build:\n"
      "      context: ./web\n"
      "      dockerfile: Dockerfile.prod\n"
      "      target: runtime\n"
      "      args:\n"
      "        NODE_VERSION: ${NODE:-20}\n"
      "        EMPTY:\n"
      "  worker:\n"
      "    build: ./worker\n"
      "  broken:\n"
      "    image: 'Not A Reference'\n";
  const SourceExtraction out = extract_ok(SourceKind::compose, text);
  CHECK(out.errors.empty());
  REQUIRE(out.references.size() == 5);

  const SourceReference &db = at_path(out, "services.db.image");
  CHECK(db.value == "postgres:13.2");
  CHECK(db.scalar.via_anchor.empty()); // merged, not an alias of the scalar
  CHECK(db.scalar.shared);
  CHECK(slice(text, db.scalar.scalar_span) == "\"postgres:13.2\"");
  CHECK(slice(text, db.value_span) == "postgres:13.2");
  CHECK(db.value_verbatim);
  CHECK(db.line == 3);
  CHECK(db.column == 11);
  CHECK(db.scalar.style == ScalarStyle::double_quoted);
  REQUIRE(db.image);
  CHECK(db.image->canonical() == "docker.io/library/postgres:13.2");

  const SourceReference &replica = at_path(out, "services.db-replica.image");
  // The same bytes: a rewrite must edit them for both services or neither.
  CHECK(replica.scalar.node == db.scalar.node);

  const SourceReference &cache = at_path(out, "services.cache.image");
  CHECK_FALSE(cache.scalar.shared);
  CHECK(cache.written == "redis:${REDIS_TAG:-6.0.9}");
  CHECK(cache.value == "redis:6.0.9");
  CHECK(slice(text, cache.value_span) == cache.written);

  const SourceReference &web = at_path(out, "services.web.image");
  REQUIRE(web.unresolvable);
  CHECK(*web.unresolvable == "variable WEB_TAG has no value and no default");
  CHECK_FALSE(web.image);

  const SourceReference &broken = at_path(out, "services.broken.image");
  CHECK_FALSE(broken.image);
  CHECK_FALSE(broken.invalid.empty());

  REQUIRE(out.builds.size() == 2);
  const ComposeBuild &build = out.builds[0];
  CHECK(build.service == "web");
  CHECK(build.yaml_path == "services.web.build");
  CHECK(build.context == "./web");
  CHECK(build.dockerfile == "Dockerfile.prod");
  CHECK(build.target == "runtime");
  CHECK(build.args.at("NODE_VERSION") == "20");
  CHECK(build.unset_args == std::vector<std::string>{"EMPTY"});
  CHECK(build.line == 18);
  CHECK(out.builds[1].context == "./worker");

  ExtractOptions options;
  options.compose_env = {{"WEB_TAG", "2.1"}, {"REDIS_TAG", "7.2"}};
  const SourceExtraction with_env =
      extract_ok(SourceKind::compose, text, options);
  CHECK(at_path(with_env, "services.web.image").value ==
        "ghcr.io/acme/web:2.1");
  CHECK(at_path(with_env, "services.cache.image").value == "redis:7.2");
}

TEST_CASE("compose: an image that is an alias keeps its anchor", "[sources]") {
  const std::string text = "x-image: &img node:18-alpine\r\n"
                           "services:\r\n"
                           "  a:\r\n"
                           "    image: *img\r\n"
                           "  b:\r\n"
                           "    build:\r\n"
                           "      context: .\r\n"
                           "      args: [\"BASE=node\", VERSION]\r\n";
  const SourceExtraction out = extract_ok(SourceKind::compose, text);
  const SourceReference &a = at_path(out, "services.a.image");
  CHECK(a.scalar.via_anchor == "img");
  CHECK(a.scalar.shared);
  CHECK(slice(text, a.value_span) == "node:18-alpine");
  CHECK(a.line == 1);
  REQUIRE(out.builds.size() == 1);
  CHECK(out.builds[0].args.at("BASE") == "node");
  CHECK(out.builds[0].unset_args == std::vector<std::string>{"VERSION"});
}

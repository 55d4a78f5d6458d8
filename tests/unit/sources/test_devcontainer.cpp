// Dev container files: the image of a JSON-with-comments file.

#include "extract_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::at_path;
using stalebase::test::extract_ok;
using stalebase::test::slice;

TEST_CASE("devcontainer: the image, comments and trailing commas",
          "[sources]") {
  const std::string text =
      "{\n"
      "  // Or use a Dockerfile or Docker Compose file.\n"
      "  \"name\": \"Go\",\n"
      "  /* pinned by the platform team */\n"
      "  \"image\": \"mcr.microsoft.com/devcontainers/go:1-1.22-bookworm\",\n"
      "  \"customizations\": {\"vscode\": {\"extensions\": "
      "[\"golang.go\",]}},\n"
      "}\n";
  const SourceExtraction out = extract_ok(SourceKind::devcontainer, text);
  REQUIRE(out.references.size() == 1);
  const SourceReference &image = at_path(out, "image");
  CHECK(slice(text, image.value_span) ==
        "mcr.microsoft.com/devcontainers/go:1-1.22-bookworm");
  CHECK(image.line == 5);
  CHECK(image.column == 13);
  CHECK(image.scalar.style == ScalarStyle::double_quoted);
  REQUIRE(image.image);
  CHECK(image.image->registry == "mcr.microsoft.com");
}

TEST_CASE("devcontainer: substitutions are unresolvable", "[sources]") {
  const SourceExtraction out = extract_ok(
      SourceKind::devcontainer,
      "{\"image\": \"${localEnv:REGISTRY}/dev:${templateOption:version}\"}");
  REQUIRE(out.references.size() == 1);
  REQUIRE(out.references[0].unresolvable);
  CHECK_FALSE(out.references[0].image);
}

TEST_CASE("devcontainer: invalid JSON is an error with a position",
          "[sources]") {
  auto result = extract_source(SourceKind::devcontainer,
                               "{\n  \"image\": \"a\"\n  \"name\": 1\n}");
  REQUIRE_FALSE(result);
  CHECK(result.error().line == 3);
  CHECK(result.error().column == 3);
}

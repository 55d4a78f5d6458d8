// JSON with comments and trailing commas, as dev container files are written.

#include "stalebase/sources/jsonc.hpp"

#include "source_helpers.hpp"

using namespace stalebase::sources;
using stalebase::test::slice;

namespace {

YamlStream jsonc_ok(std::string_view text) {
  auto stream = parse_jsonc(text);
  if (!stream) {
    FAIL(stream.error().line << ':' << stream.error().column << ": "
                             << stream.error().message);
  }
  return std::move(*stream);
}

SourceError jsonc_error(std::string_view text) {
  auto stream = parse_jsonc(text);
  REQUIRE_FALSE(stream);
  return stream.error();
}

} // namespace

TEST_CASE("jsonc: comments, trailing commas and exact spans", "[sources]") {
  const std::string text =
      "\xEF\xBB\xBF// For format details, see "
      "https://aka.ms/devcontainer.json\n"
      "{\n"
      "  \"name\": \"Python 3\", /* the name */\n"
      "  \"image\": "
      "\"mcr.microsoft.com/devcontainers/python:1-3.12-bookworm\",\n"
      "  \"features\": {\n"
      "    \"ghcr.io/devcontainers/features/node:1\": {},\n"
      "  },\n"
      "  \"forwardPorts\": [8000, 5432,],\n"
      "  \"esc\": \"a\\u00e9\\ud83d\\ude00\\n\",\n"
      "  \"flags\": [true, false, null, -1.5e3],\n"
      "}\n";
  const YamlStream stream = jsonc_ok(text);
  const NodeId root = stream.documents()[0];
  const NodeId image = stream.find(root, "image");
  REQUIRE(image != k_no_node);
  const Node &node = stream.node(image);
  CHECK(node.style == ScalarStyle::double_quoted);
  CHECK(node.value == "mcr.microsoft.com/devcontainers/python:1-3.12-bookworm");
  CHECK(slice(text, node.span) ==
        "\"mcr.microsoft.com/devcontainers/python:1-3.12-bookworm\"");
  CHECK(node.position == SourcePosition{4, 12});
  REQUIRE(node.verbatim_offset);
  CHECK(*node.verbatim_offset == node.span.offset + 1);
  CHECK(*stream.find_scalar(root, "esc") == "a\xC3\xA9\xF0\x9F\x98\x80\n");
  CHECK_FALSE(stream.node(stream.find(root, "esc")).verbatim_offset);
  CHECK(stream.resolved(stream.find(root, "forwardPorts")).children.size() ==
        2);
  const auto &flags = stream.resolved(stream.find(root, "flags")).children;
  REQUIRE(flags.size() == 4);
  CHECK(stream.node(flags[3]).value == "-1.5e3");
  CHECK(stream.node(flags[2]).is_null());
}

TEST_CASE("jsonc: errors have a line and column", "[sources]") {
  const SourceError missing = jsonc_error("{\n  \"image\" \"x\"\n}");
  CHECK(missing.line == 2);
  CHECK(missing.column == 11);
  CHECK(missing.message == "expected ':' after the key");

  CHECK(jsonc_error("{\"a\": 1,\n \"b\": tru}").message ==
        "invalid value \"tru\"");
  CHECK(jsonc_error("{\"a\": \"x}").message == "unterminated string");
  CHECK(jsonc_error("{} /* open").message == "unterminated comment");
  CHECK(jsonc_error("{} {}").message == "unexpected text after the value");
  CHECK(jsonc_error("").message ==
        "expected a value, found the end of the file");
  CHECK(jsonc_error("[01]").line == 1);
  CHECK(jsonc_error("{\"a\": 1, \"a\": 2}").message ==
        "mapping key \"a\" already defined at line 1");
  CHECK(jsonc_error("\"\\ud800\"").message ==
        "a \\u escape is a high surrogate without its low half");
  CHECK(jsonc_error(std::string(300, '[')).message ==
        "collections nested more than 256 levels deep");
}

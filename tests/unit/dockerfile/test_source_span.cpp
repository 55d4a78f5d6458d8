#include "stalebase/dockerfile/source_span.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::dockerfile;

TEST_CASE("LineIndex::position", "[dockerfile]") {
  const std::string_view text = "FROM a\r\nRUN b\n\nX";
  const LineIndex index(text);
  CHECK(index.line_count() == 4);
  CHECK(index.position(0) == SourcePosition{1, 1});
  CHECK(index.position(5) == SourcePosition{1, 6});
  CHECK(index.position(8) == SourcePosition{2, 1});
  CHECK(index.position(15) == SourcePosition{4, 1});
  CHECK(index.line_text(text, 1) == "FROM a");
  CHECK(index.line_text(text, 3).empty());
  CHECK(index.line_text(text, 9).empty());
}

TEST_CASE("TrackedString::spans", "[dockerfile]") {
  auto s = TrackedString::from_source("alp", 10);
  s.append(TrackedString::from_source("ine", 15));
  s.append(TrackedString::untracked(":3"));
  REQUIRE(s.text == "alpine:3");
  const auto spans = s.spans();
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == SourceSpan{10, 3});
  CHECK(spans[1] == SourceSpan{15, 3});
}

#pragma once

// Small helpers shared by the Dockerfile parser tests.

#include "stalebase/dockerfile/ast_dump.hpp"
#include "stalebase/dockerfile/parser.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace stalebase::test {

// Parses `source`, failing the test with the parser's message if it does not
// parse.
inline dockerfile::Document parse_ok(std::string_view source) {
  auto document = dockerfile::parse_dockerfile(source);
  if (!document) {
    FAIL("unexpected parse error at " << document.error().line << ":"
                                      << document.error().column << ": "
                                      << document.error().message);
  }
  return std::move(document).value();
}

// BuildKit's AST dump of `source`.
inline std::string dump(std::string_view source) {
  return dockerfile::dump_ast(parse_ok(source));
}

// The error `source` fails with, failing the test if it parses.
inline dockerfile::ParseError parse_error(std::string_view source) {
  auto document = dockerfile::parse_dockerfile(source);
  if (document) {
    FAIL("expected a parse error, got:\n" << dockerfile::dump_ast(*document));
  }
  return document.error();
}

// The source bytes each run of `text`'s origins covers, joined with `|`.
inline std::string origin_runs(std::string_view source,
                               const dockerfile::TrackedString &text) {
  std::string out;
  for (const dockerfile::SourceSpan &span : text.spans()) {
    if (!out.empty()) {
      out.push_back('|');
    }
    out += source.substr(span.offset, span.length);
  }
  return out;
}

} // namespace stalebase::test

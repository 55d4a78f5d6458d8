#pragma once

#include "stalebase/sources/extract.hpp"

#include "source_helpers.hpp"

#include <stdexcept>

namespace stalebase::test {

inline sources::SourceExtraction
extract_ok(sources::SourceKind kind,
           std::string_view text,
           const sources::ExtractOptions &options = {}) {
  auto result = sources::extract_source(kind, text, options);
  if (!result) {
    FAIL("unexpected error: " << result.error().line << ':'
                              << result.error().column << ": "
                              << result.error().message);
  }
  return std::move(*result);
}

// The reference at `path`, failing the test when there is none.
inline const sources::SourceReference &
at_path(const sources::SourceExtraction &extraction, std::string_view path) {
  for (const auto &reference : extraction.references) {
    if (reference.yaml_path == path) {
      return reference;
    }
  }
  std::string known;
  for (const auto &reference : extraction.references) {
    known += reference.yaml_path + " ";
  }
  FAIL("no reference at " << path << "; found: " << known);
  throw std::logic_error("unreachable");
}

} // namespace stalebase::test

#pragma once

#include "stalebase/sources/yaml_document.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace stalebase::test {

inline sources::YamlStream yaml_ok(std::string_view text) {
  auto stream = sources::parse_yaml(text);
  if (!stream) {
    FAIL("unexpected YAML error: " << stream.error().line << ':'
                                   << stream.error().column << ": "
                                   << stream.error().message);
  }
  return std::move(*stream);
}

inline sources::SourceError yaml_error(std::string_view text) {
  auto stream = sources::parse_yaml(text);
  if (stream) {
    FAIL("expected a YAML error");
  }
  return stream.error();
}

inline std::string_view slice(std::string_view text, sources::SourceSpan span) {
  return text.substr(span.offset, span.length);
}

} // namespace stalebase::test

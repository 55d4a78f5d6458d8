#pragma once

#include "stalebase/sources/yaml_document.hpp"

#include <string_view>

namespace stalebase::sources {

// Parses JSON with comments (`//`, `/* */`) and trailing commas, as dev
// container files are written, into the same tree as YAML: one document;
// strings are double-quoted scalars, numbers, `true`, `false` and `null` plain
// ones. Fails with the line and column on invalid input, on a duplicate key
// and on the limits YAML has (size, depth, nodes).
//
// Hand-written because no JSON library at hand gives positions:
// nlohmann_json 3.11 skips comments but reports no value's offset and refuses
// trailing commas; yaml-cpp and libyaml read JSON as YAML, which refuses
// comments.
Expected<YamlStream, SourceError> parse_jsonc(std::string_view text);

} // namespace stalebase::sources

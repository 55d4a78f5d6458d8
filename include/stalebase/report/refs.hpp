#pragma once

#include "stalebase/dockerfile/ast.hpp"
#include "stalebase/dockerfile/references.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace stalebase::report {

// The references of one file, for `stalebase refs`.
struct FileReferences {
  std::string file; // as found from the PATH given
  const dockerfile::Document *document = nullptr;
  const dockerfile::Extraction *extraction = nullptr;
};

// A file that could not be read or parsed.
struct FileError {
  std::string file;
  dockerfile::ParseError error;
};

// The table: grouped by file, one line per reference, aligned, readable at 80
// columns.
std::string render_refs_table(const std::vector<FileReferences> &files);

// The JSON document of docs/json-refs.md: {"schema_version", "references":
// [...], "errors": [...]}.
nlohmann::json refs_to_json(const std::vector<FileReferences> &files,
                            const std::vector<FileError> &errors);

} // namespace stalebase::report
